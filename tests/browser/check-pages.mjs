#!/usr/bin/env node
// Checks every HTML page of a built site.
//
//   node tests/browser/check-pages.mjs DIST_DIR [--screenshots OUT_DIR] [--only PAGE]…
//
// --only PAGE (a path under DIST_DIR, e.g. en/x/index.html; repeatable) checks those pages only:
// for tests that change one leaflet of a site whose other pages are checked elsewhere.
//
// 1. The W3C Nu HTML Checker (vnu.jar, errors only, HTML only) over all pages at once.
// 2. Each page served from DIST_DIR by a local static HTTP server on 127.0.0.1 and opened in
//    headless Chromium at 1280 px and 320 px width, where it records:
//    - axe-core violations (WCAG 2.0/2.1/2.2 A and AA tags) at both widths;
//    - every request that leaves the local server (the site must request nothing outside dist/);
//    - console errors, uncaught exceptions, failed requests and HTTP errors for local assets;
//    - horizontal scrolling at 320 px.
// 3. The reader tools of the leaflet pages (text size, print, read aloud), see checkReaderTools.
//
// Prints one line per finding, then `N findings` and exits 1; with no finding it prints
// `checked N pages: 0 findings` and exits 0. Exits 2 when it cannot run (bad arguments, no
// pages, missing Chromium, Java or node_modules), naming the command that installs what is
// missing. Environment: CHROMIUM_PATH overrides /usr/bin/chromium; JAVA overrides `java`.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, createReadStream } from 'node:fs';
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
  const only = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--only') {
      const page = argv[++i];
      if (!page) fail('--only needs a PAGE (a path under DIST_DIR)');
      only.push(page);
    } else if (arg === '--screenshots') {
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
  return { dist: path.resolve(dist), screenshots: screenshots && path.resolve(screenshots), only };
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

// ---- reader tools (templates/reader-tools.js) ----
//
// On every page that has them: without JavaScript none of the tools shows; with it, the
// text-size control changes the size, the choice survives a reload and the page does not scroll
// sideways at 320 px at the largest size (also checked on the pages without the control, which
// follow the stored size). Printed, a page shows neither navigation nor
// tools, in black on white (also in dark mode), with the address after each web link. Reading
// aloud shows only where the browser has a voice for the page's language; with a stand-in voice
// it reads the leaflet from its title on, block by block and each part in its own language,
// never the navigation, the PDF link or the tools, and pause, resume and stop work.

const TEXT_SIZE_KEY = 'leaflet-text-size';

// A stand-in for the browser's speech synthesis, installed before any script of the page runs:
// it has voices for `voiceLangs` ("page" is the page's own language), records what it is asked
// to say, and finishes an utterance only when told to (`__speech.finish()`).
function installFakeSpeech(voiceLangs) {
  const spoken = [];
  let current = null;
  let queue = [];
  const fire = (u, type, extra = {}) => {
    const event = new Event(type);
    Object.assign(event, extra);
    u.dispatchEvent(event);
  };
  class Utterance extends EventTarget {
    constructor(text) {
      super();
      this.text = text;
      this.lang = '';
      this.voice = null;
    }
  }
  const next = () => {
    if (current || !queue.length) return;
    current = queue.shift();
    spoken.push({ text: current.text, lang: current.lang, voice: current.voice?.lang ?? null });
    fire(current, 'start');
  };
  const synth = new EventTarget();
  Object.assign(synth, {
    paused: false,
    getVoices: () =>
      voiceLangs.map((l) => {
        const lang = l === 'page' ? document.documentElement.lang : l;
        return { lang, name: `test ${lang}`, voiceURI: `test-${lang}`, default: false, localService: true };
      }),
    speak(u) {
      queue.push(u);
      if (!synth.paused) next();
    },
    pause() {
      synth.paused = true;
    },
    resume() {
      synth.paused = false;
      next();
    },
    cancel() {
      const all = [current, ...queue].filter(Boolean);
      current = null;
      queue = [];
      for (const u of all) fire(u, 'error', { error: 'canceled' });
    },
  });
  Object.defineProperty(window, 'speechSynthesis', { value: synth, configurable: true });
  Object.defineProperty(window, 'SpeechSynthesisUtterance', { value: Utterance, configurable: true });
  window.__speech = {
    spoken,
    busy: () => Boolean(current) || queue.length > 0,
    finish() {
      const u = current;
      current = null;
      if (u) fire(u, 'end');
      if (!synth.paused) next();
    },
  };
}

// The page's width when it scrolls sideways, with the element that sticks out furthest
// (so a finding says what to fix); null when it fits.
async function sidewaysScroll(tab) {
  return tab.evaluate(() => {
    const sw = document.documentElement.scrollWidth;
    if (sw <= window.innerWidth + 1) return null;
    let widest = null;
    let right = 0;
    for (const el of document.body.querySelectorAll('*')) {
      const r = el.getBoundingClientRect().right;
      if (r > right) {
        right = r;
        widest = el;
      }
    }
    if (!widest) return `${sw}px`;
    const name = widest.tagName.toLowerCase() + (widest.id ? `#${widest.id}` : '') +
      [...widest.classList].map((c) => `.${c}`).join('');
    const text = (widest.textContent || '').trim().replace(/\s+/g, ' ').slice(0, 40);
    return `${sw}px; widest: ${name} "${text}" ends at ${Math.round(right)}px`;
  });
}

async function checkReaderTools(browser, AxeBuilder, origin, dist, pages) {
  const findings = [];
  const add = (f) => findings.push(f);
  const urlOf = (page) => `${origin}/${page.split('/').map(encodeURIComponent).join('/')}`;
  const local = (context) =>
    context.route('**/*', (route) =>
      route.request().url().startsWith(`${origin}/`) ? route.continue() : route.abort('blockedbyclient'),
    );
  const withTab = async (context, page, what, run) => {
    const tab = await context.newPage();
    tab.setDefaultTimeout(5000);
    tab.on('pageerror', (err) => add(`tools: ${page}${what}: uncaught exception: ${err.message}`));
    try {
      const res = await tab.goto(urlOf(page), { waitUntil: 'load' });
      await tab.evaluate(() => document.fonts.ready.then(() => undefined));
      if (!res || !res.ok()) throw new Error(`HTTP ${res ? res.status() : 'no response'}`);
      await run(tab);
    } catch (err) {
      add(`tools: ${page}${what}: ${err.message.split('\n')[0]}`);
    } finally {
      await tab.close().catch(() => {});
    }
  };
  const axe = async (tab, page, what) => {
    const results = await new AxeBuilder({ page: tab }).withTags(AXE_TAGS).analyze();
    for (const v of results.violations) {
      for (const node of v.nodes) add(`axe: ${page} (${what}): ${v.id}: ${v.help} — ${describeTarget(node.target)}`);
    }
  };

  // Which pages have the tools: read from the files. Without JavaScript none of them may show.
  const withTools = pages.filter((page) => readFileSync(path.join(dist, page), 'utf8').includes('id="reader-tools"'));
  const noScript = await browser.newContext({ javaScriptEnabled: false, viewport: { width: NARROW, height: VIEWPORT_HEIGHT } });
  await local(noScript);
  for (const page of withTools) {
    await withTab(noScript, page, ' (without JavaScript)', async (tab) => {
      const shown = await tab.evaluate(() =>
        [...document.querySelectorAll('#reader-tools, #reader-tools *')].filter((el) => el.getClientRects().length).length,
      );
      if (shown) add(`tools: ${page}: ${shown} reader tool elements show without JavaScript`);
    });
  }
  await noScript.close();

  // Text size: chosen on a leaflet page, kept over a reload, undone with "normal"; and the
  // browser's own voices.
  const rootSize = (tab) => tab.evaluate(() => parseFloat(getComputedStyle(document.documentElement).fontSize));
  const sizes = await browser.newContext({ viewport: { width: NARROW, height: VIEWPORT_HEIGHT } });
  await local(sizes);
  for (const page of withTools) {
    await withTab(sizes, page, ' (text size)', async (tab) => {
      // Reading aloud with the browser's own voices (if it has any): offered exactly when one
      // fits the page's language.
      const { hasVoice, shown } = await tab.evaluate(() => {
        const lang = document.documentElement.lang.split('-')[0];
        const voices = window.speechSynthesis ? speechSynthesis.getVoices() : [];
        return {
          hasVoice: voices.some((v) => v.lang.toLowerCase().split(/[-_]/)[0] === lang),
          shown: !document.getElementById('read-aloud').hidden,
        };
      });
      if (shown !== hasVoice) add(`read-aloud: ${page}: shown=${shown} although the browser has ${hasVoice ? 'a' : 'no'} voice for the page's language`);
      const normal = await rootSize(tab);
      for (const id of ['#reader-tools', '#text-size', '#print-page']) {
        if (!(await tab.locator(id).isVisible())) add(`tools: ${page}: ${id} is not shown with JavaScript`);
      }
      await tab.click('#text-size button[data-text-size="larger"]');
      const clicked = await rootSize(tab);
      if (!(clicked >= normal * 1.4)) add(`tools: ${page}: "larger" text changed the size from ${normal}px to ${clicked}px`);
      await tab.reload({ waitUntil: 'load' });
      const reloaded = await rootSize(tab);
      if (reloaded !== clicked) add(`tools: ${page}: the text size did not survive a reload (${clicked}px, then ${reloaded}px)`);
      const pressed = await tab.getAttribute('#text-size button[data-text-size="larger"]', 'aria-pressed');
      if (pressed !== 'true') add(`tools: ${page}: after a reload the "larger" button is not pressed (aria-pressed=${pressed})`);
      const wide = await sidewaysScroll(tab);
      if (wide) add(`layout: ${page}: horizontal scrolling at ${NARROW}px at the largest text size (scrollWidth ${wide})`);
      await tab.click('#text-size button[data-text-size="normal"]');
      const back = await rootSize(tab);
      const stored = await tab.evaluate((key) => localStorage.getItem(key), TEXT_SIZE_KEY);
      if (back !== normal || stored !== null) add(`tools: ${page}: "normal" did not bring the size back (${back}px, stored ${stored})`);
    });
  }
  await sizes.close();

  // The other pages have no control but follow the size chosen on a leaflet page.
  const largest = await browser.newContext({ viewport: { width: NARROW, height: VIEWPORT_HEIGHT } });
  await local(largest);
  await largest.addInitScript((key) => localStorage.setItem(key, 'larger'), TEXT_SIZE_KEY);
  for (const page of pages.filter((p) => !withTools.includes(p))) {
    await withTab(largest, page, ' (largest text size)', async (tab) => {
      const wide = await sidewaysScroll(tab);
      if (wide) add(`layout: ${page}: horizontal scrolling at ${NARROW}px at the largest text size (scrollWidth ${wide})`);
    });
  }
  await largest.close();

  // Print, in dark mode, where the screen colours are the furthest from paper.
  const print = await browser.newContext({ viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT }, colorScheme: 'dark' });
  await local(print);
  for (const page of withTools) {
    await withTab(print, page, ' (printed)', async (tab) => {
      await tab.emulateMedia({ media: 'print', colorScheme: 'dark' });
      const result = await tab.evaluate(() => {
        const shown = [...document.querySelectorAll('.site-header, .skip-link, nav, .leaflet-links, #reader-tools, form')]
          .filter((el) => el.getClientRects().length)
          .map((el) => el.id || el.className || el.tagName.toLowerCase());
        const bare = [...document.querySelectorAll('main a[href^="http"]')]
          .filter((a) => !getComputedStyle(a, '::after').content.includes(a.getAttribute('href')))
          .map((a) => a.getAttribute('href'));
        const body = getComputedStyle(document.body);
        return { shown, bare, color: body.color, background: body.backgroundColor };
      });
      if (result.shown.length) add(`print: ${page}: printed with ${result.shown.join(', ')}`);
      for (const href of result.bare) add(`print: ${page}: the address ${href} is not printed after its link`);
      if (result.color !== 'rgb(0, 0, 0)' || !['rgb(255, 255, 255)', 'rgba(0, 0, 0, 0)'].includes(result.background)) {
        add(`print: ${page}: printed in ${result.color} on ${result.background}, not black on white`);
      }
    });
  }
  await print.close();

  // A voice for another language only: not offered.
  const foreign = await browser.newContext({ viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT } });
  await local(foreign);
  await foreign.addInitScript(installFakeSpeech, ['xx-XX']);
  for (const page of withTools) {
    await withTab(foreign, page, ' (read aloud, no voice for the page)', async (tab) => {
      if (await tab.locator('#read-aloud').isVisible()) add(`read-aloud: ${page}: offered without a voice for the page's language`);
    });
  }
  await foreign.close();

  // A voice for the page's language (and for Dutch, the default of the example).
  const voiced = await browser.newContext({ viewport: { width: WIDTHS[0], height: VIEWPORT_HEIGHT } });
  await local(voiced);
  await voiced.addInitScript(installFakeSpeech, ['page']);
  for (const page of withTools) {
    await withTab(voiced, page, ' (read aloud)', async (tab) => {
      const button = (name) => tab.locator(`#read-aloud button[data-read="${name}"]`);
      await button('start').waitFor({ state: 'visible' });
      await button('start').click();
      await button('pause').waitFor({ state: 'visible' });
      const first = await tab.evaluate(() => ({
        spoken: window.__speech.spoken.map((s) => s.text),
        h1: document.querySelector('main article h1').textContent.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim(),
        marked: document.querySelector('.reading-now')?.tagName ?? null,
        focused: document.activeElement?.dataset?.read ?? null,
      }));
      if (first.spoken[0] !== first.h1) add(`read-aloud: ${page}: starts with ${JSON.stringify(first.spoken[0])}, not the title ${JSON.stringify(first.h1)}`);
      if (first.marked !== 'H1') add(`read-aloud: ${page}: the title is not marked while it is read (${first.marked})`);
      if (first.focused !== 'pause') add(`read-aloud: ${page}: the focus did not move to "pause" (${first.focused})`);
      await axe(tab, page, 'reading aloud');
      await button('pause').click();
      await button('resume').waitFor({ state: 'visible' });
      await tab.evaluate(() => window.__speech.finish());
      if ((await tab.evaluate(() => window.__speech.spoken.length)) !== 1) add(`read-aloud: ${page}: went on reading while paused`);
      await button('resume').click();
      await button('pause').waitFor({ state: 'visible' });
      // Read to the end, then compare with the page.
      await tab.evaluate(() => {
        for (let i = 0; i < 5000 && window.__speech.busy(); i++) window.__speech.finish();
      });
      await button('start').waitFor({ state: 'visible' });
      const all = await tab.evaluate(() => {
        const clean = (t) => t.replace(/[\u2066-\u2069]/g, '').replace(/\s+/g, ' ').trim();
        const outside = 'nav, .leaflet-links, #reader-tools, .site-header, .site-footer';
        const article = document.querySelector('main article');
        // The leaflet's own text: the article without its navigation, links and tools.
        const copy = article.cloneNode(true);
        copy.querySelectorAll(outside).forEach((el) => el.remove());
        const own = clean(copy.textContent);
        // Texts of the navigation, the PDF link, the tools …, unless the leaflet says them too
        // (the breadcrumb repeats the title, the contents the headings).
        const never = [...document.querySelectorAll(outside)]
          .flatMap((el) => [...el.querySelectorAll('a, button, h2, span')].map((e) => clean(e.textContent)))
          .filter((t) => t.length > 3 && !own.includes(t));
        const fallback = [...article.querySelectorAll('[lang]')]
          .filter((el) => !el.closest(outside))
          .map((el) => el.getAttribute('lang'));
        return { spoken: window.__speech.spoken, never, fallback, marked: document.querySelectorAll('.reading-now').length };
      });
      const texts = all.spoken.map((s) => s.text);
      for (const t of new Set(all.never)) {
        if (texts.includes(t)) add(`read-aloud: ${page}: reads ${JSON.stringify(t)}, which is not the leaflet's text`);
      }
      for (const lang of new Set(all.fallback)) {
        if (!all.spoken.some((s) => s.lang === lang)) add(`read-aloud: ${page}: the text in ${lang} is not read in ${lang}`);
      }
      if (all.marked) add(`read-aloud: ${page}: a block stays marked after reading`);
      if (texts.length < 5) add(`read-aloud: ${page}: read only ${texts.length} parts`);
      // Stop, in the middle.
      await button('start').click();
      await button('stop').click();
      await button('start').waitFor({ state: 'visible' });
      if (await tab.evaluate(() => window.__speech.busy())) add(`read-aloud: ${page}: "stop" did not stop the voice`);
      const focused = await tab.evaluate(() => document.activeElement?.dataset?.read ?? null);
      if (focused !== 'start') add(`read-aloud: ${page}: after "stop" the focus is not on "read aloud" (${focused})`);
    });
  }
  await voiced.close();
  return findings;
}

// ---- main ----

async function main() {
  const started = Date.now();
  const { dist, screenshots, only } = parseArgs(process.argv.slice(2));
  if (!existsSync(dist) || !statSync(dist).isDirectory()) fail(`${dist} is not a directory (build the site first)`);
  let files = findHtml(dist);
  if (only.length > 0) {
    const wanted = new Set(only.map((p) => path.resolve(dist, p)));
    for (const page of wanted) if (!files.includes(page)) fail(`--only ${toPosix(path.relative(dist, page))}: no such page under ${dist}`);
    files = files.filter((f) => wanted.has(f));
  }
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

    browserFindings.push(...(await checkReaderTools(browser, AxeBuilder, origin, dist, pages)));
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
