// Rebuilds the committed front-end assets in wwwroot/lib from node_modules.
// Usage (from src/TraffickingCases.Web): npm ci && npm run build:assets
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as sass from 'sass'

const projectDir = join(dirname(fileURLToPath(import.meta.url)), '..')
const nodeModules = join(projectDir, 'node_modules')
const govukDist = join(nodeModules, 'govuk-frontend', 'dist', 'govuk')
const mojDist = join(nodeModules, '@ministryofjustice', 'frontend', 'moj')
const libDir = join(projectDir, 'wwwroot', 'lib')
const assetsDir = join(libDir, 'assets')

const rel = (p) => relative(projectDir, p)

function copy (from, to) {
  mkdirSync(dirname(to), { recursive: true })
  cpSync(from, to, { recursive: true })
  console.log(`copied ${rel(from)} -> ${rel(to)}`)
}

// 1. CSS
const scssFile = join(projectDir, 'Styles', 'app.scss')
const cssFile = join(libDir, 'app.css')
const result = sass.compile(scssFile, {
  // node_modules: for our own @imports. projectDir: MOJ Frontend's
  // moj/vendor/govuk-frontend/_base.scss does
  // `@forward "node_modules/govuk-frontend/dist/govuk/base"`.
  loadPaths: [nodeModules, projectDir],
  style: 'compressed',
  sourceMap: false,
  // The @import form is required for configuring GOV.UK + MOJ together
  // (see Styles/app.scss); nothing else is deprecated as of these versions.
  silenceDeprecations: ['import']
})
mkdirSync(libDir, { recursive: true })
writeFileSync(cssFile, result.css + '\n')
console.log(`compiled ${rel(scssFile)} -> ${rel(cssFile)} (${statSync(cssFile).size} bytes)`)

// 2. JavaScript: both are self-contained ES module bundles (no imports of
//    their own). The trailing sourceMappingURL comment is dropped because the
//    .map files are not shipped (avoids 404s in browser dev tools).
function copyScript (from, to) {
  const js = readFileSync(from, 'utf8').replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, '\n')
  writeFileSync(to, js)
  console.log(`copied ${rel(from)} -> ${rel(to)}`)
}
copyScript(join(govukDist, 'govuk-frontend.min.js'), join(libDir, 'govuk-frontend.min.js'))
copyScript(join(mojDist, 'moj-frontend.min.js'), join(libDir, 'moj-frontend.min.js'))
// Chart.js (the dashboard's trends) and accessible-autocomplete (choosing a nationality by name): their
// self-contained UMD builds, each loaded only by the pages that use it.
copyScript(join(nodeModules, 'chart.js', 'dist', 'chart.umd.min.js'), join(libDir, 'chart.umd.min.js'))
const autocompleteDist = join(nodeModules, 'accessible-autocomplete', 'dist')
copyScript(join(autocompleteDist, 'accessible-autocomplete.min.js'), join(libDir, 'accessible-autocomplete.min.js'))
writeFileSync(join(libDir, 'accessible-autocomplete.min.css'),
  readFileSync(join(autocompleteDist, 'accessible-autocomplete.min.css'), 'utf8').replace(/\n?\/\*# sourceMappingURL=\S+\s*$/, '\n'))

// 3. Static assets: GOV.UK images + manifest (fonts skipped: we use Arial),
//    then MOJ images (names do not clash with GOV.UK's).
rmSync(assetsDir, { recursive: true, force: true })
copy(join(govukDist, 'assets', 'images'), join(assetsDir, 'images'))
copy(join(govukDist, 'assets', 'manifest.json'), join(assetsDir, 'manifest.json'))
copy(join(mojDist, 'assets', 'images'), join(assetsDir, 'images'))
