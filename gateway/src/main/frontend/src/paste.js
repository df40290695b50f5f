// What Word and Google Docs put on the clipboard, reduced to plain structure before the editor's schema reads it
// (the schema drops unknown elements and attributes anyway; this also turns Word's list paragraphs into lists and
// leaves no mso-* styles, classes or empty spans behind for anything that reads the pasted HTML).

function isWordListParagraph(el) {
  return el.tagName === 'P' && /mso-list:\s*l\d/i.test(el.getAttribute('style') || '');
}

/** Word writes a list as paragraphs with mso-list styles and the marker as text: make them real lists. */
function wordLists(body) {
  const paragraphs = [...body.querySelectorAll('p')].filter(isWordListParagraph);
  let list = null;
  for (const p of paragraphs) {
    const markerSpan = [...p.querySelectorAll('span')].find(s => /mso-list:\s*ignore/i.test(s.getAttribute('style') || ''));
    const marker = markerSpan ? markerSpan.textContent.replace(/\u00a0/g, ' ').trim() : '';
    if (markerSpan) {
      markerSpan.remove();
    }
    const ordered = /^\(?[0-9a-zA-Z]+[.)]$/.test(marker) && !/^o$/.test(marker);
    const previous = p.previousElementSibling;
    if (!list || previous !== list || list.tagName !== (ordered ? 'OL' : 'UL')) {
      list = body.ownerDocument.createElement(ordered ? 'ol' : 'ul');
      p.before(list);
    }
    const item = body.ownerDocument.createElement('li');
    const para = body.ownerDocument.createElement('p');
    while (p.firstChild) {
      para.appendChild(p.firstChild);
    }
    item.appendChild(para);
    list.appendChild(item);
    p.remove();
  }
}

export function cleanPastedHtml(html) {
  // Word's conditional comments (<!--[if !supportLists]-->…) and its XML islands are not content
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const body = doc.body;
  wordLists(body);
  body.querySelectorAll('style, script, meta, link, xml, title').forEach(e => e.remove());
  const walker = doc.createTreeWalker(body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) {
    comments.push(walker.currentNode);
  }
  comments.forEach(c => c.remove());
  for (const el of [...body.querySelectorAll('*')]) {
    if (el.tagName.includes(':')) { // <o:p>, <w:…>, <v:…>
      el.replaceWith(...el.childNodes);
      continue;
    }
    el.removeAttribute('class');
    el.removeAttribute('lang');
    el.removeAttribute('id');
    const style = (el.getAttribute('style') || '').split(';')
      .map(d => d.trim()).filter(d => d && !/^mso-/i.test(d));
    if (style.length) {
      el.setAttribute('style', style.join('; '));
    } else {
      el.removeAttribute('style');
    }
  }
  for (const span of [...body.querySelectorAll('span')].reverse()) {
    if (!span.attributes.length || !span.textContent.length) {
      span.replaceWith(...span.childNodes);
    }
  }
  return body.innerHTML;
}
