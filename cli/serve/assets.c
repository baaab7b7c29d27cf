/* cancu serve: the assets, built into the binary (offices are often
 * offline: no CDN). */
#include <string.h>

#include "cli/serve/serve.h"

static const char style_css[] =
    "*{box-sizing:border-box}\n"
    "body{margin:0;font:16px/1.5 system-ui,sans-serif;color:#1d2733;"
    "background:#f7f8fa}\n"
    "header{display:flex;flex-wrap:wrap;align-items:center;gap:.5em 1.5em;"
    "padding:.6em 1em;background:#8b1e1e;color:#fff}\n"
    "header a{color:#fff;text-decoration:none}\n"
    "header .brand{font-weight:700;font-size:1.2em}\n"
    "nav a{margin-right:1em}\nnav .lang{opacity:.85}\n"
    "main{max-width:72em;margin:0 auto;padding:1em}\n"
    "footer{color:#667;font-size:.85em;text-align:center;padding:2em}\n"
    "form.search{display:flex;gap:.5em;margin:1em 0}\n"
    "form.search input[type=search],form.search input[type=text]{flex:1;"
    "padding:.5em;font-size:1.1em}\n"
    "button{padding:.5em 1em;font-size:1em}\n"
    "mark{background:#ffe08a;padding:0 .1em}\n"
    ".hit{background:#fff;border:1px solid #dde;border-radius:4px;"
    "padding:.6em .8em;margin:.6em 0}\n"
    ".meta{color:#556;font-size:.9em}\n"
    "table{border-collapse:collapse;width:100%;background:#fff}\n"
    "th,td{border:1px solid #dde;padding:.35em .5em;vertical-align:top;"
    "text-align:left}\n"
    "th{background:#eef}\n"
    ".warning{border-left:4px solid #c0392b}\n"
    ".info{border-left:4px solid #2e86c1}\n"
    ".status{font-weight:700}\n"
    ".pager a{margin-right:1em}\n"
    ".error{background:#fdecea;border:1px solid #c0392b;padding:1em}\n"
    ".cols{display:grid;grid-template-columns:repeat(auto-fit,"
    "minmax(18em,1fr));gap:1em}\n"
    "svg.graph{width:100%;height:auto;background:#fff;"
    "border:1px solid #dde}\n"
    ".graph rect{fill:#eef;stroke:#88a}\n"
    ".graph .plan rect{fill:#f4fbf4;stroke:#7a7}\n"
    ".graph text{font-size:13px;fill:#223}\n"
    ".graph text.meta{font-size:11px;fill:#556}\n"
    ".graph line{stroke:#99a;stroke-width:1.5}\n"
    ".graph .edge text{font-size:11px;fill:#a33}\n"
    ".graph a:hover rect{stroke:#223;stroke-width:2}\n"
    ".with-facets{display:grid;grid-template-columns:16em 1fr;gap:1em}\n"
    ".facets h2{font-size:1em;margin:.8em 0 .3em}\n"
    ".facets ul{list-style:none;margin:0;padding:0}\n"
    ".facets li{margin:.15em 0;overflow-wrap:anywhere}\n"
    ".facets li.on{font-weight:700}\n"
    ".count{color:#556;font-size:.85em;background:#eef;border-radius:1em;"
    "padding:0 .5em}\n"
    ".chip{display:inline-block;background:#eef;border-radius:1em;"
    "padding:.1em .3em .1em .7em;margin:.1em}\n"
    ".chip .remove{text-decoration:none;padding:0 .4em;font-weight:700}\n"
    "ol.cited li{margin:.2em 0}\n"
    "ol.toc{list-style:none;padding:0}\n"
    ".toc .d1{margin-left:1.5em}.toc .d2,.toc .d3{margin-left:3em;"
    "font-size:.95em}\n"
    ".toc .passage{background:#fff;border:1px solid #dde;margin:.3em 0;"
    "padding:.3em .6em}\n"
    ".finding.here{font-size:.9em;margin:.3em 0;padding:.2em .5em;"
    "background:#fdf6e3}\n"
    "form.check{border:2px dashed #99a;border-radius:6px;padding:.5em 1em;"
    "background:#fff}\n"
    "form.check.over{border-color:#8b1e1e;background:#fdf6e3}\n"
    "@media (max-width:40em){table{font-size:.85em}"
    ".with-facets{grid-template-columns:1fr}}\n";

/* /check: a file dropped on the form is put in its file field and sent,
 * as if chosen and submitted. Without JavaScript the field and button
 * work alone; the page's words are in its HTML, none here. */
static const char check_js[] =
    "'use strict';\n"
    "(function () {\n"
    "  var form = document.querySelector('form.check');\n"
    "  var input = form && form.querySelector('input[type=file]');\n"
    "  if (!input || !window.DataTransfer) return;\n"
    "  function on(e) { e.preventDefault(); form.classList.add('over'); }\n"
    "  function off() { form.classList.remove('over'); }\n"
    "  form.addEventListener('dragenter', on);\n"
    "  form.addEventListener('dragover', on);\n"
    "  form.addEventListener('dragleave', off);\n"
    "  form.addEventListener('drop', function (e) {\n"
    "    e.preventDefault();\n"
    "    off();\n"
    "    var files = e.dataTransfer && e.dataTransfer.files;\n"
    "    if (!files || files.length !== 1) return;\n"
    "    input.files = files;\n"
    "    if (form.requestSubmit) form.requestSubmit(); else form.submit();\n"
    "  });\n"
    "})();\n";

const char *serve_asset(const char *name, const char **type_out)
{
    if (strcmp(name, "style.css") == 0) {
        *type_out = "text/css; charset=utf-8";
        return style_css;
    }
    if (strcmp(name, "check.js") == 0) {
        *type_out = "text/javascript; charset=utf-8";
        return check_js;
    }
    return NULL;
}
