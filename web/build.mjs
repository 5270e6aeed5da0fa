// Builds the UI into dist/ (served by `amtsweg serve --web web/dist`): one bundle per page with
// esbuild (content-hashed names under assets/, cached for a year), KERN UX's CSS and fonts, and
// each page's index.html pointing at them. Run by scripts/build; dist/ is not committed.
import * as esbuild from "esbuild";
import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const out = path.join(here, "dist");

const pages = [
  { entry: "src/clerk/main.js", html: "index.html", title: "amtsweg – Sachbearbeitung" },
  { entry: "src/portal/main.js", html: "antrag/index.html", title: "Online-Antrag – amtsweg" },
];

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
