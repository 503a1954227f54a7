// Tells GOV.UK Frontend's styles that JavaScript runs, before the page first paints (a classic script at the
// top of <body>, not a module, so it runs at once). It is a file rather than inline so that the
// Content-Security-Policy can forbid inline scripts. init.js adds the same classes again.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
