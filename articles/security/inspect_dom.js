// Runs in a page of the XSS sweep after it loaded (page.evaluate with
// {schemes, urlAttrs}): everything in the DOM that could run code, as short
// signatures compared with the same page type without payloads. Whitespace
// and control characters are removed from addresses first, as browsers do.
({schemes, urlAttrs}) => {
  const found = [];
  const addressAttrs = new Set(urlAttrs);
  const framing = ["iframe", "frame", "frameset", "object", "embed", "applet", "base"];
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    if (tag === "script") {
      const src = el.getAttribute("src");
      found.push(
        src
          ? "script-src:" + new URL(src, location.href).pathname
          : "script-inline:" + (el.type || "") + ":" + el.textContent.trim().slice(0, 60)
      );
    }
    if (framing.includes(tag)) {
      found.push("element:" + tag);
    }
    if (tag === "meta" && /refresh/i.test(el.getAttribute("http-equiv") || "")) {
      found.push("meta-refresh");
    }
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = attr.value.replace(/[\s\u0000-\u001f]+/g, "").toLowerCase();
      if (name.startsWith("on")) {
        found.push("handler:" + tag + "." + name);
      }
      if (addressAttrs.has(name) && schemes.some((s) => value.startsWith(s))) {
        found.push("url:" + tag + "." + name + ":" + value.slice(0, 40));
      }
      if (name === "style" && /expression|javascript:|url\(|behavior|binding/.test(value)) {
        found.push("style:" + tag);
      }
    }
  }
  return found;
}
