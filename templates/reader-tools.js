// Reader tools: print, text size and read aloud. Loaded in the <head> of every page (not
// deferred), so the text size the reader chose is set before the page is first drawn.
//
// Progressive enhancement: the page is complete without this file. The tools on a leaflet page
// carry the `hidden` attribute in the HTML; each is shown only once this script has seen that it
// works here: printing where the browser can print, the text size always, reading aloud only
// where the browser has a voice for the page's language. Nothing is fetched and nothing is sent
// anywhere: the text size is kept in this browser's localStorage, the voices are the browser's.
(() => {
  const KEY = 'leaflet-text-size';
  const SIZES = ['normal', 'large', 'larger'];
  const root = document.documentElement;

  // localStorage can be missing or refuse (private windows, storage switched off): the size
  // then holds for this page only.
  const load = () => {
    try {
      return localStorage.getItem(KEY);
    } catch {
      return null;
    }
  };
  const save = (size) => {
    try {
      if (size === 'normal') localStorage.removeItem(KEY);
      else localStorage.setItem(KEY, size);
    } catch {
      /* kept for this page only */
    }
  };
  const current = () => (SIZES.includes(root.dataset.textSize) ? root.dataset.textSize : 'normal');
  const apply = (size) => {
    if (SIZES.includes(size) && size !== 'normal') root.dataset.textSize = size;
    else delete root.dataset.textSize;
  };
  apply(load());

  const primary = (lang) => (lang || '').toLowerCase().split(/[-_]/)[0];

  function setUpPrint(tools) {
    const button = tools.querySelector('#print-page');
    if (!button || typeof window.print !== 'function') return false;
    button.addEventListener('click', () => window.print());
    button.hidden = false;
    return true;
  }

  function setUpTextSize(tools) {
    const group = tools.querySelector('#text-size');
    if (!group) return false;
    const buttons = [...group.querySelectorAll('button[data-text-size]')];
    const show = () => {
      const size = current();
      for (const b of buttons) b.setAttribute('aria-pressed', String(b.dataset.textSize === size));
    };
    for (const b of buttons) {
      b.addEventListener('click', () => {
        apply(b.dataset.textSize);
        save(current());
        show();
      });
    }
    // Another tab of the site changed the size: follow it.
    window.addEventListener('storage', (event) => {
      if (event.key !== KEY && event.key !== null) return;
      apply(load());
      show();
    });
    show();
    group.hidden = false;
    return true;
  }

  // Read aloud with the browser's own speech synthesis. The leaflet's text is read block by
  // block (headings, paragraphs, list items …), each in its own language: a part shown in the
  // default language because it is not yet translated is read in that language. Navigation,
  // the PDF link, the language list and these tools are not read.
  const BLOCKS = 'h1, h2, h3, h4, h5, h6, p, li, dt, dd, figcaption, caption, th, td';
  const SKIP = '.leaflet-links, #reader-tools, nav, [hidden], [aria-hidden="true"], .visually-hidden';
  // Fluent's isolation marks and other invisible marks mean nothing to a voice.
  const INVISIBLE = /[\u2066-\u2069\u200e\u200f\u061c]/g;

  function readingOrder(article, pageLang) {
    const blocks = [...article.querySelectorAll(BLOCKS)].filter(
      (el) => !el.closest(SKIP) && !el.parentElement.closest(BLOCKS),
    );
    const parts = [];
    for (const block of blocks) {
      // Runs of text in one language, in document order.
      const runs = [];
      const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        if (node.parentElement.closest(SKIP)) continue;
        const lang = node.parentElement.closest('[lang]')?.getAttribute('lang') || pageLang;
        const last = runs[runs.length - 1];
        if (last && primary(last.lang) === primary(lang)) last.text += node.data;
        else runs.push({ lang, text: node.data });
      }
      for (const run of runs) {
        const text = run.text.replace(INVISIBLE, '').replace(/\s+/g, ' ').trim();
        if (text) parts.push({ block, lang: run.lang, text });
      }
    }
    return parts;
  }

  function setUpReadAloud(tools) {
    const box = tools.querySelector('#read-aloud');
    const article = document.querySelector('main article');
    const synth = window.speechSynthesis;
    if (!box || !article || !synth || typeof window.SpeechSynthesisUtterance !== 'function') return;
    const pageLang = root.getAttribute('lang') || '';
    const button = (name) => box.querySelector(`button[data-read="${name}"]`);
    const [start, pause, resume, stop] = ['start', 'pause', 'resume', 'stop'].map(button);
    if (!start || !pause || !resume || !stop) return;

    const voiceFor = (lang) => {
      const voices = synth.getVoices().filter((v) => primary(v.lang) === primary(lang));
      return voices.find((v) => v.default) || voices.find((v) => v.localService) || voices[0] || null;
    };

    // Which buttons show: start; or pause and stop while reading; or resume and stop when paused.
    // The focus moves to the button that took the place of the one pressed.
    let state = 'idle';
    const show = (next) => {
      const had = document.activeElement;
      state = next;
      start.hidden = state !== 'idle';
      pause.hidden = state !== 'reading';
      resume.hidden = state !== 'paused';
      stop.hidden = state === 'idle';
      if (had && had.hidden) ({ idle: start, reading: pause, paused: resume })[state].focus();
    };

    let ticket = 0;
    let marked = null;
    const mark = (block) => {
      if (marked) marked.classList.remove('reading-now');
      marked = block;
      if (!block) return;
      block.classList.add('reading-now');
      block.scrollIntoView({ block: 'nearest' });
    };
    const finish = () => {
      ticket++;
      mark(null);
      show('idle');
    };

    // One utterance at a time: the next starts when the previous ended, so a long leaflet is
    // never one long utterance (some engines stop those half-way) and the block being read can
    // be marked on the page.
    const speak = (parts, index, mine) => {
      if (mine !== ticket) return;
      if (index >= parts.length) {
        finish();
        return;
      }
      const part = parts[index];
      const utterance = new window.SpeechSynthesisUtterance(part.text);
      utterance.lang = part.lang;
      const voice = voiceFor(part.lang);
      if (voice) utterance.voice = voice;
      utterance.addEventListener('start', () => mine === ticket && mark(part.block));
      utterance.addEventListener('end', () => speak(parts, index + 1, mine));
      utterance.addEventListener('error', (event) => {
        // "interrupted" and "canceled" come from our own stop; anything else ends the reading.
        if (event.error === 'interrupted' || event.error === 'canceled') return;
        if (mine === ticket) finish();
      });
      synth.speak(utterance);
    };

    start.addEventListener('click', () => {
      synth.cancel();
      const parts = readingOrder(article, pageLang);
      if (!parts.length) return;
      const mine = ++ticket;
      show('reading');
      speak(parts, 0, mine);
    });
    pause.addEventListener('click', () => {
      synth.pause();
      show('paused');
    });
    resume.addEventListener('click', () => {
      synth.resume();
      show('reading');
    });
    stop.addEventListener('click', () => {
      finish();
      synth.cancel();
    });
    // Leaving the page stops the voice; some browsers would go on reading the old page.
    window.addEventListener('pagehide', () => {
      if (state !== 'idle') synth.cancel();
    });

    // Voices often arrive after the page has loaded: offer reading aloud once one for the
    // page's language is there, and hide it again if it goes.
    const offer = () => {
      const available = Boolean(voiceFor(pageLang));
      if (!available && state !== 'idle') {
        finish();
        synth.cancel();
      }
      box.hidden = !available;
      if (available) tools.hidden = false;
    };
    synth.addEventListener?.('voiceschanged', offer);
    offer();
  }

  const ready = () => {
    const tools = document.getElementById('reader-tools');
    if (!tools) return;
    const printing = setUpPrint(tools);
    const sizing = setUpTextSize(tools);
    if (printing || sizing) tools.hidden = false;
    setUpReadAloud(tools);
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', ready);
  else ready();
})();
