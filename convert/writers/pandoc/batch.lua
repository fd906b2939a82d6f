-- wikiexport's pandoc batch driver: `pandoc lua pandoc_batch.lua`.
--
-- One pandoc process converts many documents. Requests arrive on stdin, one line each:
-- the path prefix P of a job prepared by convert/writers/pandoc_engine.py, which wrote
--   P.job.json  {"to": format, "options": {WriterOptions fields}, "template": absent |
--               "default" | path, "media": [{"name", "mime", "path"}], "files": [paths],
--               "cwd": absent | folder the writer runs in,
--               "landmarks": absent | {epub:type: title} (EPUB: see retitle_landmarks)}
--   P.ast.json  the pandoc JSON AST
-- The driver writes P.out (the converted bytes) or P.err (one-line message), then answers
-- "ok P" or "err P" on stdout. EOF on stdin ends it.
--
-- `pandoc lua` has no --sandbox, so the driver enforces what a sandbox would: the document
-- may hold no raw HTML/LaTeX, every image must be one of the media it was given (so the
-- writer never fetches a URL or reads a file an article names), and metadata naming files
-- (cover, stylesheet) may only name files the job lists.

local function slurp(path)
  local fh, msg = io.open(path, 'rb')
  if not fh then error('cannot read ' .. path .. ': ' .. tostring(msg), 0) end
  local data = fh:read('a')
  fh:close()
  return data
end

local function spit(path, data)
  local tmp = path .. '.part'
  local fh, msg = io.open(tmp, 'wb')
  if not fh then error('cannot write ' .. path .. ': ' .. tostring(msg), 0) end
  fh:write(data)
  fh:close()
  assert(os.rename(tmp, path))
end

local FILE_META = {'cover-image', 'epub-cover-image', 'css', 'stylesheet', 'reference-doc'}

local function check(doc, allowed_files)
  local function refuse(what)
    error(what, 0)
  end
  doc:walk {
    RawBlock = function(el) refuse('raw ' .. el.format .. ' block in the document') end,
    RawInline = function(el) refuse('raw ' .. el.format .. ' inline in the document') end,
    Image = function(el)
      if pandoc.mediabag.lookup(el.src) == nil then
        refuse('image source is not embedded media: ' .. el.src)
      end
    end,
  }
  for _, key in ipairs(FILE_META) do
    local value = doc.meta[key]
    if value ~= nil then
      local values = pandoc.utils.type(value) == 'List' and value or {value}
      for _, v in ipairs(values) do
        local path = pandoc.utils.stringify(v)
        if not allowed_files[path] then refuse('metadata ' .. key .. ' names a file not given to the job') end
      end
    end
  end
end

local templates = {}  -- compiled once per process: compiling costs as much as a small page

local function template(name, to)
  local key = name == 'default' and ('default:' .. to) or name
  if templates[key] == nil then
    templates[key] = name == 'default' and pandoc.template.default(to)
      or pandoc.template.compile(slurp(name), name)
  end
  return templates[key]
end

-- pandoc writes an EPUB's landmark titles ("Title Page", "Cover") in English whatever the
-- book's language: put the job's titles (already XML-escaped) in the navigation document
-- and the package's guide. Other entries are copied as they are (not compressed again).
local function retitle_landmarks(epub, titles)
  local archive = pandoc.zip.Archive(epub)
  local entries = {}
  for _, entry in ipairs(archive.entries) do
    if entry.path:match('nav%.xhtml$') or entry.path:match('%.opf$') then
      local text = entry:contents()
      for kind, title in pairs(titles) do
        local function keep(before, after) return before .. title .. after end
        text = text:gsub('(epub:type="' .. kind .. '">)[^<]*(</a>)', keep)
        text = text:gsub('(<reference type="' .. kind .. '" title=")[^"]*(")', keep)
      end
      entry = pandoc.zip.Entry(entry.path, text, entry.modtime)
    end
    table.insert(entries, entry)
  end
  archive.entries = entries
  return archive:bytestring()
end

local function convert(prefix)
  local job = pandoc.json.decode(slurp(prefix .. '.job.json'), false)
  pandoc.mediabag.empty()
  for _, m in ipairs(job.media or {}) do
    pandoc.mediabag.insert(m.name, m.mime, slurp(m.path))
  end
  local allowed = {}
  for _, f in ipairs(job.files or {}) do allowed[f] = true end
  local doc = pandoc.read(slurp(prefix .. '.ast.json'), 'json')
  check(doc, allowed)
  local opts = job.options or {}
  if job.template then
    opts.template = template(job.template, job.to)
  end
  local out
  if job.cwd then
    out = pandoc.system.with_working_directory(job.cwd, function()
      return pandoc.write(doc, job.to, opts)
    end)
  else
    out = pandoc.write(doc, job.to, opts)
  end
  if job.landmarks and next(job.landmarks) then
    out = retitle_landmarks(out, job.landmarks)
  end
  return out
end

io.stdout:setvbuf('line')
for prefix in io.lines() do
  local ok, result = pcall(convert, prefix)
  if ok then
    spit(prefix .. '.out', result)
    io.stdout:write('ok ', prefix, '\n')
  else
    local msg = tostring(result):gsub('%s*stack traceback:.*$', ''):gsub('%s+', ' ')
    spit(prefix .. '.err', msg)
    io.stdout:write('err ', prefix, '\n')
  end
  io.stdout:flush()
end
