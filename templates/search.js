// Search across the leaflets of one language, with the Pagefind index in dist/pagefind/.
// Progressive enhancement: the form stays hidden until the index has loaded, so without
// JavaScript (or from file://, where browsers refuse to load the index) the page is simply the
// full list of leaflets. Results are written as text, never as HTML.
(async () => {
  const form = document.getElementById('search');
  // Browsers do not let a page opened from disk fetch the index: keep the plain list there.
  if (!form || location.protocol === 'file:') return;
  const root = new URL(form.dataset.root, document.baseURI);
  let pagefind;
  try {
    pagefind = await import(new URL('pagefind/pagefind.js', root).href);
    await pagefind.options({ baseUrl: root.pathname });
    await pagefind.init();
  } catch {
    return;
  }
  form.hidden = false;
  const input = form.querySelector('input[type="search"]');
  const status = document.getElementById('search-status');
  const list = document.getElementById('search-results');
  const asText = (html) => new DOMParser().parseFromString(html, 'text/html').body.textContent || '';

  let latest = 0;
  async function run() {
    const query = input.value.trim();
    const ticket = ++latest;
    if (!query) {
      list.replaceChildren();
      status.textContent = '';
      return;
    }
    const search = await pagefind.search(query);
    const found = await Promise.all(search.results.slice(0, 10).map((r) => r.data()));
    if (ticket !== latest) return;
    list.replaceChildren(
      ...found.map((page) => {
        const item = document.createElement('li');
        const link = document.createElement('a');
        link.href = page.url;
        link.textContent = page.meta.title;
        const excerpt = document.createElement('p');
        excerpt.textContent = asText(page.excerpt);
        item.append(link, excerpt);
        return item;
      }),
    );
    status.textContent = found.length ? form.dataset.found : form.dataset.none;
  }

  let timer;
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
})();
