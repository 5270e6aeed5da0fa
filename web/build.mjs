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

// The output file of an entry point, as a URL path.
function built(entry) {
  for (const [file, info] of Object.entries(result.metafile.outputs))
    if (info.entryPoint === entry) return "/" + path.relative(out, path.join(here, file)).split(path.sep).join("/");
  throw new Error(`no output for ${entry}`);
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
