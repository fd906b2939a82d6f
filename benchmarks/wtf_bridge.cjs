// wtf_wikipedia as the benchmarks' reference reader (node; run from a folder where
// `npm install wtf_wikipedia wtf-plugin-markdown` was done, see heldout_fidelity.py).
//   node wtf_bridge.cjs seed  FILE.wiki   -> JSON: title, description, img, infoboxes, boxLinks, body
//   node wtf_bridge.cjs read  FILE.wiki   -> JSON: infoboxes, body text, body links, lists
// "read" gives what wtf_wikipedia reads from any wikitext, the original or ours, the same way.
'use strict'
const fs = require('fs')
const wtf = require('wtf_wikipedia')
wtf.extend(require('wtf-plugin-markdown'))

const [mode, file] = process.argv.slice(2)
const doc = wtf(fs.readFileSync(file, 'utf8'))

const linkJson = (l) => ({ type: l.type(), page: l.page() || '', text: l.text() || '',
  anchor: l.anchor() || '', site: l.site() || '', href: l.href() || '' })

if (mode === 'seed') {
  const short = doc.templates().find((t) => /^short description$/i.test(t.json().template || ''))
  const img = doc.images()[0]
  const lead = doc.sections()[0]
  const first = lead ? lead.paragraphs()[0] : null
  process.stdout.write(JSON.stringify({
    title: doc.title() || '',
    shortDescription: short ? (short.json().list || [])[0] || '' : '',
    description: first ? first.sentences().slice(0, 4).map((s) => s.text()).join(' ') : '',
    img: img ? img.url() : '',
    infoboxes: doc.infoboxes().map((i) => i.json()),
    // the infoboxes' links as the seed's YAML holds them (what the seed carries besides
    // the body's Markdown hrefs)
    boxLinks: doc.infoboxes().flatMap((i) => i.links().map(linkJson)),
    body: doc.markdown({ infoboxes: false }),
  }))
} else {
  const body = []
  const links = []
  const lists = []
  for (const s of doc.sections()) {
    for (const p of s.paragraphs()) {
      for (const sen of p.sentences()) { body.push(sen.text()); links.push(...sen.links().map(linkJson)) }
    }
    for (const l of s.lists()) {
      const items = l.lines().map((x) => x.text())
      lists.push(items)
      body.push(...items)
      links.push(...l.links().map(linkJson))
    }
    for (const t of s.tables()) {
      for (const row of t.data) for (const k of Object.keys(row)) body.push(row[k].text())
      links.push(...t.links().map(linkJson))
    }
  }
  process.stdout.write(JSON.stringify({
    infoboxes: doc.infoboxes().map((i) => {
      const out = {}
      const data = i.data || {}
      for (const k of Object.keys(data)) out[k] = { text: data[k].text(), links: (data[k].links() || []).map(linkJson) }
      return out
    }),
    body, links, lists,
  }))
}
