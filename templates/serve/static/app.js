// wikiexport serve: search as you type, "add to book", the book editor and export progress.
// Plain DOM: text goes in through textContent only, never innerHTML.
"use strict";

const TOKEN = document.querySelector('meta[name="csrf-token"]').content;
const BOOK_KEY = "wikiexport-book";

function currentBook() { return localStorage.getItem(BOOK_KEY) || "my-book"; }
function say(text) { document.getElementById("status").textContent = text; }

async function api(method, url, body) {
  const init = { method, headers: { "X-CSRF-Token": TOKEN } };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  const response = await fetch(url, init);
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || response.statusText);
  return data;
}

async function loadBook(id) {
  try { return await api("GET", "/api/v1/saved-books/" + id); }
  catch (e) { return { title: "", subtitle: "", cover: "", format: "epub", options: {}, chapters: [] }; }
}

async function addToBook(title) {
  const id = currentBook();
  const book = await loadBook(id);
  book.chapters.push({ article: title });
  await api("PUT", "/api/v1/saved-books/" + id, book);
  say("Added " + title + " to the book (" + book.chapters.length + " chapters).");
}

function wireAddButtons(root) {
  root.querySelectorAll("button.add").forEach((button) => {
    button.addEventListener("click", () => addToBook(button.dataset.title).catch((e) => say(e.message)));
  });
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  Object.assign(node, props || {});
  children.forEach((c) => node.append(c));
  return node;
}

// ---------------------------------------------------------------- library: search as you type
function initLibrary() {
  const form = document.getElementById("search-form");
  if (!form) return;
  const list = document.getElementById("results");
  const count = document.getElementById("count");
  let timer = null, seq = 0;
  async function refresh() {
    const params = new URLSearchParams(new FormData(form));
    const mine = ++seq;
    const data = await api("GET", "/api/v1/search?" + params.toString());
    if (mine !== seq) return; // a later keystroke already asked again
    list.replaceChildren(...data.results.map((hit) => {
      const href = "/article/" + encodeURIComponent(hit.title.replaceAll(" ", "_"));
      const meta = [hit.short_description, hit.lang, hit.template].filter(Boolean).join(" · ");
      const add = el("button", { type: "button", className: "add" }, "Add to book",
                     el("span", { className: "visually-hidden", textContent: ": " + hit.title }));
      add.dataset.title = hit.title;
      return el("li", {}, el("a", { href, textContent: hit.title }), " ",
                el("span", { className: "meta", textContent: meta }), " ", add);
    }));
    wireAddButtons(list);
    count.textContent = data.total + (data.total === 1 ? " article" : " articles");
    document.getElementById("pager").hidden = true; // paging links describe the old query
    history.replaceState(null, "", "/?" + params.toString());
  }
  form.addEventListener("input", () => { clearTimeout(timer); timer = setTimeout(() => refresh().catch((e) => say(e.message)), 150); });
}

// ---------------------------------------------------------------- the book editor
function initBook() {
  const root = document.getElementById("book");
  if (!root) return;
  const id = root.dataset.bookId;
  localStorage.setItem(BOOK_KEY, id);
  const list = document.getElementById("chapters");
  const title = document.getElementById("book-title");
  const subtitle = document.getElementById("book-subtitle");
  const cover = document.getElementById("book-cover");
  let book = null, dragged = null;

  async function save() {
    book.title = title.value;
    book.subtitle = subtitle.value;
    book.cover = cover.value;
    book = await api("PUT", "/api/v1/saved-books/" + id, book);
  }
  function move(from, to, focus) {
    if (to < 0 || to >= book.chapters.length) return;
    const [item] = book.chapters.splice(from, 1);
    book.chapters.splice(to, 0, item);
    draw(focus ? to : -1);
    say("Moved to position " + (to + 1) + " of " + book.chapters.length + ".");
    save().catch((e) => say(e.message));
  }
  function remove(index) {
    const [item] = book.chapters.splice(index, 1);
    draw(Math.min(index, book.chapters.length - 1));
    say("Removed " + (item.article || item.heading) + ".");
    save().catch((e) => say(e.message));
  }
  function draw(focusIndex) {
    list.replaceChildren(...book.chapters.map((item, i) => {
      const label = item.article !== undefined ? item.article : item.heading;
      const li = el("li", { tabIndex: 0, draggable: true, className: item.heading !== undefined ? "heading" : "article" },
        el("span", { className: "label", textContent: (item.heading !== undefined ? "Heading: " : "") + label }), " ",
        el("button", { type: "button", textContent: "Up", ariaLabel: "Move " + label + " up", onclick: () => move(i, i - 1, true) }), " ",
        el("button", { type: "button", textContent: "Down", ariaLabel: "Move " + label + " down", onclick: () => move(i, i + 1, true) }), " ",
        el("button", { type: "button", textContent: "Remove", ariaLabel: "Remove " + label, onclick: () => remove(i) }));
      li.dataset.index = i;
      li.addEventListener("keydown", (ev) => {
        if (ev.target !== li) return;
        if (ev.altKey && ev.key === "ArrowUp") { ev.preventDefault(); move(i, i - 1, true); }
        else if (ev.altKey && ev.key === "ArrowDown") { ev.preventDefault(); move(i, i + 1, true); }
        else if (ev.key === "Delete") { ev.preventDefault(); remove(i); }
      });
      li.addEventListener("dragstart", (ev) => { dragged = i; ev.dataTransfer.effectAllowed = "move"; ev.dataTransfer.setData("text/plain", String(i)); });
      li.addEventListener("dragover", (ev) => ev.preventDefault());
      li.addEventListener("drop", (ev) => { ev.preventDefault(); if (dragged !== null) move(dragged, i, false); dragged = null; });
      return li;
    }));
    document.getElementById("empty").hidden = book.chapters.length > 0;
    if (focusIndex >= 0 && list.children[focusIndex]) list.children[focusIndex].focus();
  }

  document.getElementById("add-heading").addEventListener("submit", (ev) => {
    ev.preventDefault();
    const text = document.getElementById("heading-text");
    if (!text.value.trim()) return;
    book.chapters.push({ heading: text.value.trim() });
    text.value = "";
    draw(-1);
    save().catch((e) => say(e.message));
  });
  [title, subtitle, cover].forEach((input) => input.addEventListener("change", () => save().catch((e) => say(e.message))));

  document.getElementById("export").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    const progress = document.getElementById("progress");
    const download = document.getElementById("download");
    download.replaceChildren();
    progress.value = 0;
    try {
      await save();
      const request = { ...book, format: document.getElementById("format").value,
                        options: { paper: document.getElementById("paper").value } };
      let job = await api("POST", "/api/v1/books", request);
      say("Export started.");
      while (job.state === "queued" || job.state === "running") {
        progress.value = job.progress;
        await new Promise((r) => setTimeout(r, 400));
        job = await api("GET", "/api/v1/jobs/" + job.id);
      }
      progress.value = job.progress;
      if (job.state !== "done") throw new Error(job.message || "the export failed");
      const link = el("a", { id: "download-link", href: job.file, textContent: "Download the " + job.format.toUpperCase() });
      link.setAttribute("download", "");
      download.append(link);
      say("Export finished." + (job.warnings.length ? " " + job.warnings.length + " article(s) left out." : ""));
    } catch (e) { say("Export failed: " + e.message); }
  });

  Promise.all([loadBook(id), api("GET", "/api/v1/images")]).then(([loaded, images]) => {
    book = loaded;
    images.images.forEach((name) => cover.append(el("option", { value: name, textContent: name })));
    title.value = book.title;
    subtitle.value = book.subtitle;
    cover.value = book.cover || "";
    draw(-1);
    root.dataset.ready = "true";
  });
}

function initBooks() {
  const form = document.getElementById("new-book");
  if (!form) return;
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const id = document.getElementById("new-book-id").value.trim();
    if (id) location.href = "/books/" + encodeURIComponent(id);
  });
}

document.addEventListener("DOMContentLoaded", () => {
  const link = document.getElementById("current-book");
  link.href = "/books/" + currentBook();
  wireAddButtons(document);
  initLibrary();
  initBook();
  initBooks();
});
