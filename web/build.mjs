// Builds the UI into dist/ (served by `amtsweg serve --web web/dist`): one bundle per page with
// esbuild (content-hashed names under assets/, cached for a year), the Vorgang page split into a
// chunk of its own, KERN UX's CSS cut to the rules the pages use, its fonts shown with
// font-display: swap, and each page's index.html preloading the chunks its entry imports. Run by
// scripts/build; dist/ is not committed.
import * as esbuild from "esbuild";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PurgeCSS } from "purgecss";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");

const pages = [
  { entry: "src/clerk/main.js", html: "index.html", title: "amtsweg – Sachbearbeitung" },
  { entry: "src/portal/main.js", html: "antrag/index.html", title: "Online-Antrag – amtsweg" },
];

// KERN's stylesheet has rules for every component of the design system (340 KB, 94 inline SVG
// icons); a browser parses all of them and matches them against every element, on every page
// load. PurgeCSS keeps the rules whose classes and elements occur in our sources; class names put
// together at run time (`kern-btn--${kind}`) are kept by the safelist.
const purgeKern = {
  name: "purge-kern",
  setup(build) {
    build.onLoad({ filter: /@kern-ux[\\/]native[\\/]dist[\\/]kern\.min\.css$/ }, async (args) => {
      // PurgeCSS 8 drops a selector made only of pseudo-classes and `*` (it finds no class or element
      // in it): KERN's box-sizing reset (`*:before`, `*:not(i)`) and the rule that gives the page its
      // theme's colours (`:is(body, …):not([class*=kern-level-])`). Such rules are marked to keep.
      const kern = (await readFile(args.path, "utf8")).replace(/(^|[{}])((?:\*:|:is\()[^{}]*\{)/g, "$1/* purgecss ignore */$2");
      const [purged] = await new PurgeCSS().purge({
        content: [path.join(here, "src/**/*.js")],
        css: [{ raw: kern }],
        safelist: { standard: [/^kern-btn--/, /--error$/, /^kern-badge--/, /^kern-alert--/] },
        // Custom properties are all kept: PurgeCSS would count those used only in the marked rules
        // as unused (it does not read marked rules), and the theme's colours would go.
        keyframes: true,
      });
      for (const kept of ["*:before", "*:not(i)", ":is(body,"])
        if (!purged.css.includes(kept)) throw new Error(`purge-kern: KERN's rule ${kept} was dropped`);
      return { contents: purged.css, loader: "css", resolveDir: path.dirname(args.path) };
    });
    // KERN declares its fonts without font-display, so text stays invisible until the font has
    // loaded; with swap it is drawn at once in the fallback font.
    build.onLoad({ filter: /@kern-ux[\\/]native[\\/]dist[\\/]fonts[\\/][a-z-]+\.css$/ }, async (args) => ({
      contents: (await readFile(args.path, "utf8")).replaceAll("@font-face {", "@font-face {\n    font-display: swap;"),
      loader: "css",
      resolveDir: path.dirname(args.path),
    }));
  },
};

await rm(out, { recursive: true, force: true });
const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: pages.map((page) => page.entry).concat(["src/styles.css"]),
  bundle: true,
  format: "esm",
  splitting: true,
  minify: true,
  sourcemap: true,
  target: "es2022",
  outdir: path.join(out, "assets"),
  entryNames: "[dir]-[name]-[hash]",
  chunkNames: "chunk-[hash]",
  assetNames: "[name]-[hash]",
  loader: { ".woff2": "file", ".woff": "file", ".ttf": "file", ".svg": "file" },
  metafile: true,
  logLevel: "warning",
  plugins: [purgeKern],
});

const urlOf = (file) => "/" + path.relative(out, path.join(here, file)).split(path.sep).join("/");

// The output file of an entry point, as a URL path.
function built(entry) {
  for (const [file, info] of Object.entries(result.metafile.outputs)) if (info.entryPoint === entry) return urlOf(file);
  throw new Error(`no output for ${entry}`);
}

// The chunks an entry point imports, as URL paths: the page names them in <link rel=modulepreload>
// so the browser fetches them with the entry instead of after parsing it (one round trip less).
function chunksOf(entry) {
  const [, info] = Object.entries(result.metafile.outputs).find(([, output]) => output.entryPoint === entry);
  return info.imports.filter((i) => i.kind === "import-statement").map((i) => urlOf(i.path));
}

const css = built("src/styles.css");
for (const page of pages) {
  const html = `<!doctype html>
<html lang="de">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${page.title}</title>
<link rel="stylesheet" href="${css}">
<script type="module" src="${built(page.entry)}"></script>
${chunksOf(page.entry).map((chunk) => `<link rel="modulepreload" href="${chunk}">`).join("\n")}
</head>
<body>
<div id="app"><noscript>Diese Anwendung braucht JavaScript.</noscript></div>
</body>
</html>
`;
  const file = path.join(out, page.html);
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, html);
}
console.log(`web: built ${Object.keys(result.metafile.outputs).length} files into ${path.relative(process.cwd(), out) || "."}`);
