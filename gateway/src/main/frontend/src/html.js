// The notice body as the campaign service keeps it: the editor's document written out in exactly the form the
// service's sanitiser (OWASP HtmlPolicyBuilder, services/campaign-service .../text/TextHygiene.java) writes, so
// what the officer sees is what is stored, byte for byte: only its elements, links with rel="nofollow", void
// elements as <br />, and its text escapes (" ' + = @ ` as numeric references, "{{" split by an empty comment,
// characters beyond the BMP as &#x...;).

const BLOCKS = { paragraph: 'p', blockquote: 'blockquote', bulletList: 'ul', orderedList: 'ol', listItem: 'li' };
const MARKS = { bold: 'strong', italic: 'em', underline: 'u', strike: 's', code: 'code' };
const ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&#34;', "'": '&#39;', '+': '&#43;', '=': '&#61;',
  '@': '&#64;', '`': '&#96;' };

export function escapeText(text) {
  let out = '';
  // NFC, as the service keeps text: keyboards that send a letter and its marks apart (e + U+0323 + U+0302) give the
  // same letters as those that send "ệ"
  for (const ch of text.normalize('NFC')) {
    const code = ch.codePointAt(0);
    if ((code < 0x20 && ch !== '\n' && ch !== '\t' && ch !== '\r') || (code >= 0x7f && code < 0xa0)) {
      continue; // control characters: the sanitiser drops them too
    }
    if (ESCAPES[ch]) {
      out += ESCAPES[ch];
    } else if (code > 0xffff || code === 0xfeff) {
      out += '&#x' + code.toString(16) + ';';
    } else if (ch === '{' && out.endsWith('{')) {
      out += '<!-- -->{'; // "{{" never reaches a template engine whole
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * The only pictures a body keeps: files uploaded to the platform, by the relative address of their download (the
 * sanitiser's TextHygiene.IMAGE_SOURCE); any other source is not a picture the editor holds.
 */
export const PICTURE_SOURCE = /^\/api\/campaigns\/attachments\/att-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** http(s) and mailto only; the URL in its normal form, with ( ) encoded as the sanitiser writes them. */
export function safeHref(href) {
  if (!href) {
    return null;
  }
  let url;
  try {
    url = new URL(href.trim());
  } catch {
    return null;
  }
  if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) {
    return null;
  }
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function linkOf(marks) {
  const link = (marks || []).find(m => m.type === 'link');
  return link ? safeHref(link.attrs && link.attrs.href) : null;
}

function openTag(mark) {
  if (mark.type === 'link') {
    return '<a href="' + escapeText(mark.href) + '" rel="nofollow">';
  }
  return '<' + MARKS[mark.type] + '>';
}

function closeTag(mark) {
  return mark.type === 'link' ? '</a>' : '</' + MARKS[mark.type] + '>';
}

/** The marks of a text node the output keeps, in the schema's order (the order the editor nests them in). */
function keptMarks(node) {
  const href = linkOf(node.marks);
  return (node.marks || []).flatMap(m => {
    if (m.type === 'link') {
      return href ? [{ type: 'link', href, key: 'link:' + href }] : [];
    }
    return MARKS[m.type] ? [{ type: m.type, key: m.type }] : [];
  });
}

function inline(content) {
  let out = '';
  const open = [];
  for (const node of content || []) {
    const marks = node.type === 'text' ? keptMarks(node) : [];
    let same = 0;
    while (same < open.length && same < marks.length && open[same].key === marks[same].key) {
      same++;
    }
    while (open.length > same) {
      out += closeTag(open.pop());
    }
    for (const mark of marks.slice(same)) {
      out += openTag(mark);
      open.push(mark);
    }
    if (node.type === 'text') {
      // Chromium types a space at a formatting boundary as a no-break space: a lone one is an ordinary space
      // (runs of spaces keep theirs, or they would collapse)
      out += escapeText((node.text || '').replace(/(?<![ \u00a0])\u00a0(?![ \u00a0])/g, ' '));
    } else if (node.type === 'hardBreak') {
      out += '<br />';
    }
  }
  while (open.length) {
    out += closeTag(open.pop());
  }
  return out;
}

function block(node) {
  if (node.type === 'heading') {
    const tag = 'h' + Math.min(6, Math.max(1, (node.attrs && node.attrs.level) || 2));
    return '<' + tag + '>' + inline(node.content) + '</' + tag + '>';
  }
  if (node.type === 'horizontalRule') {
    return '<hr />';
  }
  if (node.type === 'image') {
    const src = node.attrs && node.attrs.src;
    // the sanitiser writes src before alt, and drops a picture from anywhere else
    return src && PICTURE_SOURCE.test(src)
      ? '<img src="' + src + '" alt="' + escapeText((node.attrs.alt || '').trim()) + '" />' : '';
  }
  const tag = BLOCKS[node.type];
  if (!tag) {
    return inline(node.content);
  }
  const inner = tag === 'p' ? inline(node.content) : (node.content || []).map(block).join('');
  return '<' + tag + '>' + inner + '</' + tag + '>';
}

/** The document (ProseMirror JSON) as stored; an empty document is the empty string (the field is required). */
export function noticeHtml(doc) {
  const blocks = [...(doc.content || [])];
  // blank paragraphs at the end (left by Enter, or a pasted document's last line) are not content
  const blank = node => node.type === 'paragraph'
    && (node.content || []).every(n => n.type === 'text' && n.text.trim() === '');
  while (blocks.length && blank(blocks[blocks.length - 1])) {
    blocks.pop();
  }
  return blocks.map(block).join('');
}
