// leaflet serve: reloads this page when its build changed, and shows the problems of a failed
// build over the last good version of the page. Added to pages by the preview server only;
// never part of a built site. Text is set with textContent: a message cannot become markup.
(() => {
  "use strict";
  const events = new EventSource("/__leaflet/events");

  // The file this page was served from, as the server names files ("nl/x/index.html").
  const pageFile = () => {
    let path = decodeURIComponent(location.pathname).replace(/^\/+/, "");
    if (path === "" || path.endsWith("/")) path += "index.html";
    return path;
  };
  // Files that change how this page looks, besides the page itself.
  const looks = /\.(css|js|svg|png|jpe?g|gif|webp|woff2?)$/;
  // The server's "not ready yet" page turns into the real one at the first good build.
  const waiting = document.querySelector('meta[name="leaflet-preview"][content="waiting"]');
  const affects = (files) =>
    waiting !== null ||
    files.length === 0 ||
    files.some((file) => file === pageFile() || (looks.test(file) && !file.startsWith("pagefind/")));

  events.addEventListener("reload", (event) => {
    if (affects(JSON.parse(event.data))) location.reload();
  });

  let overlay = null;
  const hide = () => {
    if (overlay) overlay.remove();
    overlay = null;
  };
  events.addEventListener("clear", hide);
  events.addEventListener("problems", (event) => {
    const problems = JSON.parse(event.data);
    hide();
    overlay = document.createElement("section");
    overlay.className = "leaflet-preview-problems";
    overlay.setAttribute("role", "alert");
    overlay.setAttribute("aria-labelledby", "leaflet-preview-problems-title");
    const title = document.createElement("h2");
    title.id = "leaflet-preview-problems-title";
    title.textContent = problems.summary;
    const note = document.createElement("p");
    note.textContent =
      "Below this box is the last version that built without errors. Save a fix and this box goes away.";
    const details = document.createElement("pre");
    details.textContent = problems.details;
    // It scrolls sideways on a narrow screen: reachable with the keyboard too.
    details.tabIndex = 0;
    const close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.addEventListener("click", hide);
    overlay.append(title, note, details, close);
    document.body.append(overlay);
  });
})();
