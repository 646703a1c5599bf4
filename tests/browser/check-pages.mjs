#!/usr/bin/env node
// Checks every HTML page of a built site.
//
//   node tests/browser/check-pages.mjs DIST_DIR [--screenshots OUT_DIR]
//
// 1. The W3C Nu HTML Checker (vnu.jar, errors only, HTML only) over all pages at once.
// 2. Each page served from DIST_DIR by a local static HTTP server on 127.0.0.1 and opened in
//    headless Chromium at 1280 px and 320 px width, where it records:
//    - axe-core violations (WCAG 2.0/2.1/2.2 A and AA tags) at both widths;
//    - every request that leaves the local server (the site must request nothing outside dist/);
//    - console errors, uncaught exceptions, failed requests and HTTP errors for local assets;
//    - horizontal scrolling at 320 px.
//
// Prints one line per finding, then `N findings` and exits 1; with no finding it prints
// `checked N pages: 0 findings` and exits 0. Exits 2 when it cannot run (bad arguments, no
// pages, missing Chromium, Java or node_modules), naming the command that installs what is
// missing. Environment: CHROMIUM_PATH overrides /usr/bin/chromium; JAVA overrides `java`.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, createReadStream } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const WIDTHS = [1280, 320];
const NARROW = 320;
const SCREENSHOT_WIDTHS = [375, 1280];
const VIEWPORT_HEIGHT = 800;
const NAV_TIMEOUT_MS = 30_000;
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--headless',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.otf': 'font/otf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');

function fail(message) {
  process.stderr.write(`check-pages: ${message}\n`);
  process.exit(2);
}

function parseArgs(argv) {
  let dist = null;
  let screenshots = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--screenshots') {
      screenshots = argv[++i];
      if (!screenshots) fail('--screenshots needs an OUT_DIR');
    } else if (arg.startsWith('--screenshots=')) {
      screenshots = arg.slice('--screenshots='.length);
    } else if (arg === '-h' || arg === '--help') {
      process.stdout.write('usage: node tests/browser/check-pages.mjs DIST_DIR [--screenshots OUT_DIR]\n');
      process.exit(0);
    } else if (arg.startsWith('-')) {
      fail(`unknown option ${arg}\nusage: node tests/browser/check-pages.mjs DIST_DIR [--screenshots OUT_DIR]`);
    } else if (dist === null) {
      dist = arg;
    } else {
      fail(`unexpected argument ${arg}`);
    }
  }
  if (dist === null) fail('usage: node tests/browser/check-pages.mjs DIST_DIR [--screenshots OUT_DIR]');
  return { dist: path.resolve(dist), screenshots: screenshots && path.resolve(screenshots) };
}

function findHtml(root) {
  const out = [];
  const walk = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.isFile() && entry.name.endsWith('.html')) out.push(full);
    }
  };
  walk(root);
  return out.sort();
}

const toPosix = (p) => p.split(path.sep).join('/');

// ---- preflight: everything this needs, checked before doing any work ----

function preflight() {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const resolved = {};
  for (const mod of ['playwright-core', '@axe-core/playwright', 'vnu-jar']) {
    try {
      resolved[mod] = require.resolve(mod);
    } catch {
      fail(`the npm package ${mod} is missing: run \`npm ci\` in ${repoRoot} (or .ci/install-browser-tools)`);
    }
  }
  const vnuJar = path.join(path.dirname(resolved['vnu-jar']), 'build', 'dist', 'vnu.jar');
  if (!existsSync(vnuJar)) fail(`${vnuJar} is missing: run \`npm ci\` in ${repoRoot}`);

  const java = process.env.JAVA || 'java';
  const probe = spawnSync(java, ['-version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    fail(`no Java runtime (\`${java} -version\` failed): run \`apt-get install -y default-jre-headless\` (or .ci/install-browser-tools)`);
  }

  const chromium = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    fail(`no Chromium at ${chromium}: run \`apt-get install -y chromium\` (or .ci/install-browser-tools)`);
  }
  return { resolved, vnuJar, java, chromium };
}

// ---- Nu HTML Checker ----

function runVnu({ java, vnuJar }, dist, files) {
  return new Promise((resolve) => {
    const args = ['-Xss1024k', '-jar', vnuJar, '--errors-only', '--format', 'json', '--stdout', ...files];
    const child = spawn(java, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', (err) => resolve({ fatal: `vnu: could not run ${java}: ${err.message}` }));
    child.on('close', (code) => {
      let report;
      try {
        report = JSON.parse(stdout);
      } catch {
        resolve({
          fatal: `vnu: exited ${code} without a JSON report:\n${(stdout + stderr).trim().slice(0, 4000)}`,
        });
        return;
      }
      const findings = [];
      for (const m of report.messages || []) {
        if (m.type === 'info' && m.subType !== 'error' && m.subType !== 'fatal') continue;
        let page = m.url || '(unknown file)';
        if (page.startsWith('file:')) {
          try {
            page = toPosix(path.relative(dist, fileURLToPath(page)));
          } catch {
            /* keep the URL as is */
          }
        }
        const line = m.firstLine ?? m.lastLine;
        const col = m.firstColumn ?? m.lastColumn;
        const where = line !== undefined ? `:${line}:${col ?? 0}` : '';
        const kind = m.type === 'error' ? '' : `[${m.type}${m.subType ? `/${m.subType}` : ''}] `;
        findings.push({ page, line: line ?? 0, col: col ?? 0, text: `vnu: ${page}${where}: ${kind}${m.message}` });
      }
      findings.sort((a, b) => a.page.localeCompare(b.page) || a.line - b.line || a.col - b.col);
      resolve({ findings: findings.map((f) => f.text) });
    });
  });
}

// ---- static server ----

// The site is served under a sub-path, as many hospitals host it ("/patient/folders/"):
// a link that starts with "/" or leaves the sub-path shows up as a 404.
const SUB_PATH = '/hospital/leaflets';

function startServer(root) {
  const server = http.createServer((req, res) => {
    let pathname;
    try {
      pathname = decodeURIComponent(new URL(req.url, 'http://127.0.0.1').pathname);
    } catch {
      res.writeHead(400).end('bad request');
      return;
    }
    if (pathname !== SUB_PATH && !pathname.startsWith(`${SUB_PATH}/`)) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('outside the site');
      return;
    }
    const sitePath = pathname.slice(SUB_PATH.length) || '/';
    let file = path.join(root, path.normalize(sitePath));
    if (file !== root && !file.startsWith(root + path.sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    let st = null;
    try {
      st = statSync(file);
      if (st.isDirectory()) {
        if (!pathname.endsWith('/')) {
          res.writeHead(301, { Location: `${pathname}/` }).end();
          return;
        }
        file = path.join(file, 'index.html');
        st = statSync(file);
      }
    } catch {
      st = null;
    }
    if (!st || !st.isFile()) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('not found');
      return;
    }
    const type = CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type, 'Content-Length': st.size, 'Cache-Control': 'no-cache' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// ---- browser checks ----

function describeTarget(target) {
  return (target || []).map((t) => (Array.isArray(t) ? t.join(' >>> ') : String(t))).join(' ');
}

async function checkPage(context, AxeBuilder, origin, dist, page, screenshotDir) {
  const findings = [];
  const add = (f) => findings.push(f);
  const tab = await context.newPage();
  tab.setDefaultTimeout(NAV_TIMEOUT_MS);
  const isLocal = (url) => url.startsWith(`${origin}/`) || url === origin;
  const isInline = (url) => /^(data|blob|about):/.test(url);

  tab.on('request', (req) => {
    const url = req.url();
    if (!isLocal(url) && !isInline(url)) add(`network: ${page}: ${url}`);
  });
  const httpErrors = new Set();
  tab.on('requestfailed', (req) => {
    const url = req.url();
    if (!isLocal(url)) return; // external requests are blocked and reported as network findings
    if (httpErrors.has(url)) return; // already reported with its HTTP status
    const err = req.failure()?.errorText || 'failed';
    if (err === 'net::ERR_ABORTED' && req.resourceType() === 'document') return;
    add(`load: ${page}: request failed: ${url.slice(origin.length)} (${err})`);
  });
  tab.on('response', (res) => {
    const url = res.url();
    if (!isLocal(url) || res.status() < 400) return;
    httpErrors.add(url);
    add(`load: ${page}: HTTP ${res.status()} for ${url.slice(origin.length)}`);
  });
  tab.on('console', (msg) => {
    if (msg.type() !== 'error') return;
    const text = msg.text();
    // Covered by the request findings above, with the URL.
    if (text.startsWith('Failed to load resource')) return;
    add(`load: ${page}: console error: ${text}`);
  });
  tab.on('pageerror', (err) => add(`load: ${page}: uncaught exception: ${err.message}`));

  const url = `${origin}/${page.split('/').map(encodeURIComponent).join('/')}`;
  const axeByWidth = new Map();
  const open = async (width) => {
    await tab.setViewportSize({ width, height: VIEWPORT_HEIGHT });
    const res = await tab.goto(url, { waitUntil: 'load' });
    if (!res || !res.ok()) throw new Error(`HTTP ${res ? res.status() : 'no response'}`);
    await tab.evaluate(() => document.fonts.ready.then(() => undefined));
  };

  try {
    for (const width of WIDTHS) {
      await open(width);
      const results = await new AxeBuilder({ page: tab }).withTags(AXE_TAGS).analyze();
      const lines = [];
      for (const v of results.violations) {
        for (const node of v.nodes) {
          lines.push(`axe: ${page}: ${v.id} (${node.impact || v.impact || 'unknown'}): ${v.help} — ${describeTarget(node.target)}`);
        }
      }
      axeByWidth.set(width, lines);

      if (width === WIDTHS[0]) {
        // Every link, stylesheet, image and icon of the page must point at a file in dist/.
        const targets = await tab.evaluate(() =>
          [...document.querySelectorAll('a[href], link[href], img[src], script[src]')].map((el) => {
            const raw = el.getAttribute('href') ?? el.getAttribute('src');
            return { raw, url: el.href || el.src, rel: el.getAttribute('rel') || '' };
          }),
        );
        for (const { raw, url: target, rel } of targets) {
          const host = origin.slice(0, origin.length - SUB_PATH.length);
          if (target.startsWith(`${host}/`) && !target.startsWith(`${origin}/`)) {
            add(`link: ${page}: ${raw} leaves the site's folder (links must be relative so dist/ works under any path)`);
            continue;
          }
          if (!target.startsWith(`${origin}/`)) continue;
          const rest = decodeURIComponent(target.slice(origin.length).split(/[?#]/)[0]);
          let file = path.join(dist, rest);
          try {
            if (statSync(file).isDirectory()) file = path.join(file, 'index.html');
            statSync(file);
          } catch {
            add(`link: ${page}: ${raw} points at a file that is not in dist/${rel ? ` (rel=${rel})` : ''}`);
          }
        }
      }

      if (width === NARROW) {
        const overflow = await tab.evaluate(() => {
          const vw = window.innerWidth;
          const sw = document.documentElement.scrollWidth;
          if (sw <= vw + 1) return null;
          // Name the outermost elements that stick out, to help find the cause.
          const culprits = [];
          for (const el of document.body.querySelectorAll('*')) {
            const r = el.getBoundingClientRect();
            if (r.right <= vw + 1 || r.width === 0) continue;
            if (culprits.some((c) => c.contains(el))) continue;
            culprits.push(el);
            if (culprits.length >= 3) break;
          }
          const describe = (el) => {
            let s = el.tagName.toLowerCase();
            if (el.id) s += `#${el.id}`;
            else if (el.classList.length) s += `.${[...el.classList].join('.')}`;
            return `${s} (right edge ${Math.round(el.getBoundingClientRect().right)}px)`;
          };
          return { sw, culprits: culprits.map(describe) };
        });
        if (overflow) {
          const who = overflow.culprits.length ? `; widest: ${overflow.culprits.join(', ')}` : '';
          add(`layout: ${page}: horizontal scrolling at ${NARROW}px (scrollWidth ${overflow.sw}px${who})`);
        }
      }
    }

    // A page with the search form: the index must load (the form appears) and searching for a
    // word of the first listed leaflet's title must find it.
    if (await tab.locator('form#search').count()) {
      const form = tab.locator('form#search');
      try {
        await form.waitFor({ state: 'visible', timeout: 5000 });
        const title = (await tab.locator('main .leaflet-list a').first().textContent()) || '';
        const word = title.split(/\s+/).sort((a, b) => b.length - a.length)[0];
        await tab.fill('#search-input', word);
        await tab.locator('#search-results li a').first().waitFor({ timeout: 5000 });
        const found = await tab.locator('#search-results li a').allTextContents();
        if (!found.some((t) => t.trim() === title.trim())) {
          add(`search: ${page}: searching "${word}" did not find "${title.trim()}" (found: ${found.join(' | ')})`);
        }
        const results = await new AxeBuilder({ page: tab }).withTags(AXE_TAGS).analyze();
        for (const v of results.violations) {
          for (const node of v.nodes) add(`axe: ${page} (search results shown): ${v.id}: ${v.help} — ${describeTarget(node.target)}`);
        }
      } catch (err) {
        add(`search: ${page}: the search did not work (${err.message.split('\n')[0]})`);
      }
    }

    if (screenshotDir) {
      const base = page.replace(/\.html$/, '').split('/').join('-');
      for (const width of SCREENSHOT_WIDTHS) {
        await open(width);
        await tab.screenshot({ path: path.join(screenshotDir, `${base}-${width}.png`), fullPage: true });
      }
    }
  } catch (err) {
    add(`load: ${page}: could not check the page: ${err.message.split('\n')[0]}`);
  } finally {
    await tab.close().catch(() => {});
  }

  // An axe finding seen at one width only says so.
  const [wide, narrow] = WIDTHS.map((w) => axeByWidth.get(w) || []);
  for (const line of wide) add(narrow.includes(line) ? line : `${line} [${WIDTHS[0]}px only]`);
  for (const line of narrow) if (!wide.includes(line)) add(`${line} [${WIDTHS[1]}px only]`);

  return [...new Set(findings)];
}

// ---- main ----

async function main() {
  const started = Date.now();
  const { dist, screenshots } = parseArgs(process.argv.slice(2));
  if (!existsSync(dist) || !statSync(dist).isDirectory()) fail(`${dist} is not a directory (build the site first)`);
  const files = findHtml(dist);
  if (files.length === 0) fail(`no .html files under ${dist}`);
  const pages = files.map((f) => toPosix(path.relative(dist, f)));
  if (screenshots) mkdirSync(screenshots, { recursive: true });

  const tools = preflight();
  const { chromium } = await import('playwright-core');
  const { default: AxeBuilder } = await import('@axe-core/playwright');

  // The JVM works while the browser does.
  const vnuPromise = runVnu(tools, dist, files);

  const server = await startServer(dist);
  const origin = `http://127.0.0.1:${server.address().port}${SUB_PATH}`;
  let browser;
  try {
    browser = await chromium.launch({ executablePath: tools.chromium, args: CHROMIUM_ARGS, headless: true });
  } catch (err) {
    server.close();
    fail(`could not start Chromium at ${tools.chromium} (\`apt-get install -y chromium\`): ${err.message.split('\n')[0]}`);
  }

  const browserFindings = [];
  try {
    const context = await browser.newContext({ viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT } });
    // Nothing may leave the machine: every request outside the local server is reported
    // (by checkPage) and then refused, so a page cannot hang on the missing network.
    await context.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      return route.abort('blockedbyclient');
    });
    for (const page of pages) {
      browserFindings.push(...(await checkPage(context, AxeBuilder, origin, dist, page, screenshots)));
    }
    await context.close();

    // Dark mode: the colours change, so contrast is checked again (axe only, wide screen).
    const darkContext = await browser.newContext({
      viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT },
      colorScheme: 'dark',
    });
    await darkContext.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort('blockedbyclient'),
    );
    for (const page of pages) {
      const tab = await darkContext.newPage();
      try {
        await tab.goto(`${origin}/${page.split('/').map(encodeURIComponent).join('/')}`, { waitUntil: 'load' });
        const results = await new AxeBuilder({ page: tab }).withTags(AXE_TAGS).analyze();
        for (const v of results.violations) {
          for (const node of v.nodes) {
            browserFindings.push(`axe: ${page} (dark mode): ${v.id} (${node.impact || v.impact || 'unknown'}): ${v.help} — ${describeTarget(node.target)}`);
          }
        }
        if (screenshots) {
          const base = page.replace(/\.html$/, '').split('/').join('-');
          await tab.setViewportSize({ width: 375, height: VIEWPORT_HEIGHT });
          await tab.screenshot({ path: path.join(screenshots, `${base}-375-dark.png`), fullPage: true });
        }
      } catch (err) {
        browserFindings.push(`load: ${page} (dark mode): could not check the page: ${err.message.split('\n')[0]}`);
      } finally {
        await tab.close().catch(() => {});
      }
    }
    await darkContext.close();

    // The same pages opened from disk (file://), as on a clinic PC or a USB stick: every
    // page and its local files must load, and nothing may be requested from elsewhere.
    const fileContext = await browser.newContext({ viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT } });
    await fileContext.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith('file://')) return route.continue();
      browserFindings.push(`network: ${url} (opened from file://)`);
      return route.abort('blockedbyclient');
    });
    for (const page of pages) {
      const tab = await fileContext.newPage();
      tab.on('requestfailed', (req) => {
        const err = req.failure()?.errorText || 'failed';
        if (req.url().startsWith('file://') && err !== 'net::ERR_ABORTED') {
          browserFindings.push(`file: ${page}: ${req.url().slice(7)} did not load from file:// (${err})`);
        }
      });
      try {
        await tab.goto(pathToFileURL(path.join(dist, page)).href, { waitUntil: 'load' });
      } catch (err) {
        browserFindings.push(`file: ${page}: could not open from file:// (${err.message.split('\n')[0]})`);
      }
      await tab.close().catch(() => {});
    }
    await fileContext.close();
  } finally {
    await browser.close().catch(() => {});
    server.close();
  }

  const vnu = await vnuPromise;
  if (vnu.fatal) fail(vnu.fatal);

  const findings = [...vnu.findings, ...browserFindings];
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (findings.length === 0) {
    process.stdout.write(`checked ${pages.length} pages: 0 findings\n`);
    process.stderr.write(`check-pages: ${seconds}s\n`);
    return 0;
  }
  for (const f of findings) process.stdout.write(`${f}\n`);
  process.stdout.write(`${findings.length} findings\n`);
  process.stderr.write(`check-pages: checked ${pages.length} pages in ${seconds}s\n`);
  return 1;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    process.stderr.write(`check-pages: ${err && err.stack ? err.stack : err}\n`);
    process.exit(2);
  },
);
