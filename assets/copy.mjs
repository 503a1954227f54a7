// Copies the built front-end files into place. Run by `npm run build` after Sass has written
// static/css/main.css. Uses only Node's standard library.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const at = (...parts) => join(root, ...parts);

function write(target, text) {
  mkdirSync(dirname(target), { recursive: true });
  writeFileSync(target, text);
}

function copy(source, target) {
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(source, target);
}

// GOV.UK Frontend's ES module bundle. Its source map is not shipped, so drop the comment that points at it
// (Django's ManifestStaticFilesStorage would otherwise fail on the missing .map file).
const govuk = readFileSync(at("node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js"), "utf8");
write(at("static/js/govuk-frontend.min.js"), govuk.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));

copy(at("assets/js/init.js"), at("static/js/init.js"));
copy(at("assets/images/favicon.svg"), at("static/images/favicon.svg"));
copy(at("node_modules/axe-core/axe.min.js"), at("tests/browser/axe.min.js"));

// Atkinson Hyperlegible (Braille Institute, SIL Open Font License 1.1), a sans serif made for low vision: the
// print pipeline embeds it in every PDF so packs look the same on every server.
const atkinson = "node_modules/@expo-google-fonts/atkinson-hyperlegible";
copy(at(atkinson, "400Regular/AtkinsonHyperlegible_400Regular.ttf"), at("static/fonts/AtkinsonHyperlegible-Regular.ttf"));
copy(at(atkinson, "700Bold/AtkinsonHyperlegible_700Bold.ttf"), at("static/fonts/AtkinsonHyperlegible-Bold.ttf"));
copy(at(atkinson, "LICENSE_FONT"), at("static/fonts/AtkinsonHyperlegible-OFL.txt"));

// The easy read pictures: only the curated OpenMoji set named in static/easyread/manifest.json (CC BY-SA 4.0,
// credited in every document that uses one), not the package's thousands.
for (const picture of JSON.parse(readFileSync(at("static/easyread/manifest.json"), "utf8"))) {
  const hex = picture.code.replace(/^openmoji:/, "");
  copy(at("node_modules/openmoji/color/svg", `${hex}.svg`), at("static/easyread", picture.file));
}
copy(at("node_modules/openmoji/LICENSE.txt"), at("static/easyread/openmoji/LICENSE.txt"));

// Guard against GOV.UK branding creeping back into the stylesheet.
const css = readFileSync(at("static/css/main.css"), "utf8");
for (const banned of ["GDS Transport", "@font-face", "govuk-crest", "/assets/"]) {
  if (css.includes(banned)) {
    console.error(`static/css/main.css contains "${banned}"`);
    process.exit(1);
  }
}
console.log("Copied govuk-frontend.min.js, init.js, favicon.svg, axe.min.js and the Atkinson Hyperlegible fonts");
