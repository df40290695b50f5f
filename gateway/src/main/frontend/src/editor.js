// The notice editor of the console's wizard (progressive enhancement): it takes the place of the bodyHtml
// textarea, which stays in the form, hidden, and always holds the editor's HTML, so the form posts bodyHtml as it
// does without JavaScript. Labels come from the page (the console's message bundles, data-label-* attributes).
import { Editor, Node } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { ListItem } from '@tiptap/extension-list';
import { noticeHtml, safeHref, PICTURE_SOURCE } from './html.js';
import { cleanPastedHtml } from './paste.js';

// Tab leaves the editor (keyboard users move on to the next field); list items are indented with Ctrl+] / Ctrl+[.
const KeyboardListItem = ListItem.extend({
  addKeyboardShortcuts() {
    return {
      Enter: () => this.editor.commands.splitListItem(this.name),
      'Mod-]': () => this.editor.commands.sinkListItem(this.name),
      'Mod-[': () => this.editor.commands.liftListItem(this.name),
    };
  },
});

// A picture uploaded to the platform, with its alternative text: a block of its own (the sanitiser keeps exactly
// <img src alt>); pictures from anywhere else are not read in (pasted documents' file: and http: pictures).
const Picture = Node.create({
  name: 'image',
  group: 'block',
  atom: true,
  draggable: true,
  addAttributes() {
    return { src: { default: null }, alt: { default: '' } };
  },
  parseHTML() {
    return [{ tag: 'img[src]', getAttrs: el => (PICTURE_SOURCE.test(el.getAttribute('src') || '')
      ? { src: el.getAttribute('src'), alt: el.getAttribute('alt') || '' } : false) }];
  },
  renderHTML({ HTMLAttributes }) {
    return ['img', HTMLAttributes];
  },
});

/** Sends one file to the console's upload (which relays it to the campaign service as the signed-in user). */
async function upload(file) {
  const body = new FormData();
  body.append('file', file);
  const response = await fetch('/console/attachments', { method: 'POST', body, credentials: 'same-origin',
    headers: { Accept: 'application/json' } });
  let answer = null;
  try {
    answer = await response.json();
  } catch {
    answer = null; // a sign-in page after the session ended, a proxy's error page
  }
  if (!response.ok || !answer || !answer.id) {
    throw new Error((answer && answer.detail) || response.statusText || String(response.status));
  }
  return answer;
}

const fill = (text, ...values) => values.reduce((out, v, i) => out.replace('{' + i + '}', v), text);

/**
 * The files listed under the notice: a chosen file is uploaded at once and listed (hidden field "attachments", as
 * the form posts it without JavaScript too), "Bỏ" takes it off the list. Returns the function that adds a file.
 */
function enhanceAttachments(host) {
  const label = key => host.getAttribute('data-label-' + key) || key;
  const input = host.querySelector('input[type="file"]');
  const list = host.querySelector('.attachment-list');
  const status = host.querySelector('[role="status"]');
  const error = element('span', { class: 'field-error', role: 'alert', id: 'attachments-upload-error',
    'data-testid': 'attachments-upload-error' });
  host.append(error);
  input.removeAttribute('name'); // uploaded at once: the form does not post the file again
  // a button opens the file chooser: a plain button for keyboards and screen readers alike (the file input and its
  // label stay for the chooser, out of sight and out of the Tab order)
  const choose = element('button', { type: 'button', id: 'upload-choose', 'aria-describedby': input.getAttribute('aria-describedby') || '' },
    label('choose'));
  input.tabIndex = -1;
  input.classList.add('visually-hidden');
  host.querySelectorAll('label[for="' + input.id + '"]').forEach(l => l.classList.add('visually-hidden'));
  input.after(choose);
  choose.addEventListener('click', () => input.click());
  // the form's posts without JavaScript go: Enter in a field must not press "Tải tệp lên" or a file's "Bỏ"
  host.querySelectorAll('.upload-plain').forEach(b => b.remove());
  host.querySelectorAll('.attachment-remove').forEach(b => {
    b.type = 'button';
    b.removeAttribute('name');
    b.removeAttribute('formaction');
  });
  const changed = () => host.closest('form').dispatchEvent(new Event('change', { bubbles: true })); // the previews

  const add = async file => {
    error.textContent = '';
    status.textContent = fill(label('uploading'), file.name);
    try {
      const stored = await upload(file);
      const item = element('li', { 'data-attachment-id': stored.id });
      const link = element('a', { href: stored.src, class: 'attachment-name' }, stored.name);
      const remove = element('button', { type: 'button', class: 'attachment-remove',
        'aria-label': fill(label('removeNamed'), stored.name) }, label('remove'));
      item.append(element('input', { type: 'hidden', name: 'attachments', value: stored.value }), link, ' ',
        element('span', { class: 'hint attachment-size' }, stored.size), ' ', remove);
      list.append(item);
      status.textContent = fill(label('uploaded'), stored.name);
      changed();
    } catch (e) {
      status.textContent = '';
      error.textContent = fill(label('uploadFailed'), file.name, e.message);
    }
  };

  input.addEventListener('change', async () => {
    for (const file of [...input.files]) {
      await add(file);
    }
    input.value = '';
  });
  list.addEventListener('click', event => {
    const button = event.target.closest('.attachment-remove');
    if (!button) {
      return;
    }
    event.preventDefault(); // without JavaScript the button posts the form back
    const item = button.closest('li');
    const name = item.querySelector('.attachment-name').textContent;
    item.remove();
    status.textContent = fill(label('removed'), name);
    choose.focus();
    changed();
  });
  host.classList.add('enhanced');
  return add;
}

const BUTTONS = [
  // name, label key (data-label-<key>), shortcut, what the button shows, command, whether it is on here
  ['h2', 'heading2', 'Ctrl+Alt+2', 'H2', e => e.chain().focus().toggleHeading({ level: 2 }).run(), e => e.isActive('heading', { level: 2 })],
  ['h3', 'heading3', 'Ctrl+Alt+3', 'H3', e => e.chain().focus().toggleHeading({ level: 3 }).run(), e => e.isActive('heading', { level: 3 })],
  ['bold', 'bold', 'Ctrl+B', 'B', e => e.chain().focus().toggleBold().run(), e => e.isActive('bold')],
  ['italic', 'italic', 'Ctrl+I', 'I', e => e.chain().focus().toggleItalic().run(), e => e.isActive('italic')],
  ['bulletList', 'bulletList', 'Ctrl+Shift+8', '\u2022', e => e.chain().focus().toggleBulletList().run(), e => e.isActive('bulletList')],
  ['orderedList', 'orderedList', 'Ctrl+Shift+7', '1.', e => e.chain().focus().toggleOrderedList().run(), e => e.isActive('orderedList')],
  ['link', 'link', 'Ctrl+K', 'URL', null, e => e.isActive('link')],
  ['image', 'image', '', null, null, null],
  ['blockquote', 'quote', 'Ctrl+Shift+B', '\u275D', e => e.chain().focus().toggleBlockquote().run(), e => e.isActive('blockquote')],
  ['undo', 'undo', 'Ctrl+Z', '\u21B6', e => e.chain().focus().undo().run(), null],
  ['redo', 'redo', 'Ctrl+Shift+Z', '\u21B7', e => e.chain().focus().redo().run(), null],
];

function element(tag, attrs, text) {
  const el = document.createElement(tag);
  Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
  if (text) {
    el.textContent = text;
  }
  return el;
}

function enhance(textarea, attach) {
  const host = textarea.closest('[data-notice-editor]');
  // A body the editor cannot hold (a table, an image: the API takes them) stays in the textarea, as HTML: the
  // editor would drop them on the first keystroke.
  const held = new Set(['P', 'H2', 'H3', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'CODE', 'A', 'UL', 'OL', 'LI', 'BLOCKQUOTE',
    'BR', 'HR', 'IMG']);
  const unheld = [...new DOMParser().parseFromString(textarea.value, 'text/html').body.querySelectorAll('*')]
    .some(el => !held.has(el.tagName) || (el.tagName === 'IMG' && !PICTURE_SOURCE.test(el.getAttribute('src') || '')));
  if (unheld) {
    host.classList.add('kept-html');
    return;
  }
  const label = key => host.getAttribute('data-label-' + key) || key;
  const labelId = textarea.id + '-label';
  const fieldLabel = document.querySelector('label[for="' + textarea.id + '"]');
  if (fieldLabel) {
    fieldLabel.id = fieldLabel.id || labelId;
  }

  const box = element('div', { class: 'notice-editor' });
  const toolbar = element('div', { role: 'toolbar', class: 'editor-toolbar', 'aria-label': label('toolbar'),
    'aria-controls': textarea.id + '-editor' });
  const surface = element('div', { class: 'editor-surface' });
  const linkForm = element('div', { class: 'editor-link', hidden: '' });
  const linkInput = element('input', { type: 'url', id: textarea.id + '-link', inputmode: 'url',
    placeholder: 'https://', 'data-testid': 'editor-link-url' });
  const linkLabel = element('label', { for: linkInput.id }, label('linkUrl'));
  const linkApply = element('button', { type: 'button', 'data-testid': 'editor-link-apply' }, label('linkApply'));
  const linkRemove = element('button', { type: 'button' }, label('linkRemove'));
  const linkError = element('span', { class: 'field-error', role: 'alert' });
  linkForm.append(linkLabel, ' ', linkInput, ' ', linkApply, ' ', linkRemove, ' ', linkError);
  // a picture: its file and its alternative text (required: asked before it is uploaded)
  const imageForm = element('div', { class: 'editor-image', hidden: '', role: 'group', 'aria-label': label('image') });
  const imageFile = element('input', { type: 'file', id: textarea.id + '-image-file', accept: 'image/jpeg,image/png,image/webp',
    'data-testid': 'editor-image-file' });
  const imageAlt = element('input', { type: 'text', id: textarea.id + '-image-alt', maxlength: '300',
    'aria-describedby': textarea.id + '-image-alt-hint', 'data-testid': 'editor-image-alt' });
  const imageInsert = element('button', { type: 'button', 'data-testid': 'editor-image-insert' }, label('imageInsert'));
  const imageCancel = element('button', { type: 'button' }, label('imageCancel'));
  const imageError = element('span', { class: 'field-error', role: 'alert', 'data-testid': 'editor-image-error' });
  const imageStatus = element('span', { class: 'hint', role: 'status' });
  imageForm.append(element('label', { for: imageFile.id }, label('imageFile')), imageFile,
    element('label', { for: imageAlt.id }, label('imageAlt')), imageAlt,
    element('span', { class: 'hint', id: textarea.id + '-image-alt-hint' }, label('imageAltHint')),
    imageInsert, imageCancel, imageStatus, imageError);
  box.append(toolbar, linkForm, imageForm, surface);
  textarea.before(box);
  textarea.hidden = true;
  // the hidden textarea cannot take focus, so the browser's "required" check would block the form silently;
  // the wizard and the campaign service both refuse an empty body in words
  textarea.required = false;

  const sync = editor => {
    const html = noticeHtml(editor.getJSON());
    if (textarea.value !== html) {
      textarea.value = html;
      textarea.dispatchEvent(new Event('input', { bubbles: true })); // the live preview listens for it
    }
  };

  const editor = new Editor({
    element: surface,
    extensions: [
      StarterKit.configure({
        heading: { levels: [2, 3] },
        codeBlock: false, // <pre> is not kept by the sanitiser
        listItem: false,
        trailingNode: false,
        link: { openOnClick: false, autolink: true, protocols: ['http', 'https', 'mailto'], defaultProtocol: 'https',
          HTMLAttributes: { rel: 'nofollow', target: null },
          isAllowedUri: url => safeHref(url) !== null },
      }),
      KeyboardListItem,
      Picture,
    ],
    content: textarea.value,
    editorProps: {
      attributes: { id: textarea.id + '-editor', role: 'textbox', 'aria-multiline': 'true',
        'aria-labelledby': fieldLabel ? fieldLabel.id : '', 'data-testid': 'notice-editor', class: 'editor-content' },
      transformPastedHTML: cleanPastedHtml,
      // a picture pasted or dropped is uploaded like one chosen with the button (its description asked first);
      // another file dropped here is attached under the notice
      // (Word and spreadsheets put a picture of the copied text beside its HTML: that paste is the text)
      handlePaste: (view, event) => !(event.clipboardData && event.clipboardData.types.includes('text/html'))
        && filesIn(event.clipboardData, null),
      handleDrop: (view, event, slice, moved) => !moved
        && filesIn(event.dataTransfer, (view.posAtCoords({ left: event.clientX, top: event.clientY }) || {}).pos),
      handleKeyDown: (view, event) => {
        if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k') {
          event.preventDefault();
          openLink();
          return true;
        }
        return false;
      },
    },
    onUpdate: ({ editor: e }) => { sync(e); refresh(); },
    onSelectionUpdate: () => refresh(),
  });

  const buttons = BUTTONS.map(([name, key, keys, short, run, active]) => {
    const words = keys ? label(key) + ' (' + keys + ')' : label(key);
    const button = element('button', { type: 'button', class: 'editor-button editor-' + name,
      'aria-label': words, title: words, 'data-testid': 'editor-' + name }, short || label(key + 'Short'));
    if (active) {
      button.setAttribute('aria-pressed', 'false');
    }
    button.addEventListener('click', () => (run ? run(editor) : name === 'image' ? openImage(null, null) : openLink()));
    toolbar.append(button);
    return [button, active, name];
  });

  function refresh() {
    for (const [button, active, name] of buttons) {
      if (active) {
        button.setAttribute('aria-pressed', String(!!active(editor)));
      }
      if (name === 'undo') {
        button.disabled = !editor.can().undo();
      } else if (name === 'redo') {
        button.disabled = !editor.can().redo();
      }
    }
  }

  function openLink() {
    linkForm.hidden = false;
    linkError.textContent = '';
    linkInput.value = editor.getAttributes('link').href || '';
    linkInput.focus();
  }

  function closeLink() {
    linkForm.hidden = true;
    editor.commands.focus();
  }

  function applyLink() {
    const href = safeHref(linkInput.value);
    if (!href) {
      linkError.textContent = label('linkInvalid');
      linkInput.focus();
      return;
    }
    const chain = editor.chain().focus().extendMarkRange('link');
    if (editor.state.selection.empty && !editor.isActive('link')) {
      // nothing selected: the address becomes the link's text
      chain.insertContent({ type: 'text', text: linkInput.value.trim(), marks: [{ type: 'link', attrs: { href } }] }).run();
    } else {
      chain.setLink({ href }).run();
    }
    linkForm.hidden = true;
  }

  let insertAt = null;

  function filesIn(transfer, position) {
    const files = [...((transfer && transfer.files) || [])];
    if (!files.length) {
      return false;
    }
    const picture = files.find(f => /^image\//.test(f.type));
    if (picture) {
      openImage(picture, position);
    }
    files.filter(f => f !== picture).forEach(f => attach && attach(f));
    return true;
  }

  function openImage(file, position) {
    insertAt = position == null ? editor.state.selection.from : position;
    imageForm.hidden = false;
    imageError.textContent = '';
    imageStatus.textContent = '';
    imageAlt.value = '';
    if (file) {
      const chosen = new DataTransfer();
      chosen.items.add(file);
      imageFile.files = chosen.files;
      imageAlt.focus();
    } else {
      imageFile.value = '';
      imageFile.focus();
    }
  }

  function closeImage() {
    imageForm.hidden = true;
    editor.commands.focus();
  }

  async function insertImage() {
    imageError.textContent = '';
    const file = imageFile.files[0];
    if (!file || !/^image\//.test(file.type)) {
      imageError.textContent = label('imageNoFile');
      imageFile.focus();
      return;
    }
    const alt = imageAlt.value.trim();
    if (!alt) {
      imageError.textContent = label('imageAltMissing');
      imageAlt.focus();
      return;
    }
    imageInsert.disabled = true;
    imageStatus.textContent = fill(label('uploading'), file.name);
    try {
      const stored = await upload(file);
      if (!stored.image) { // the service judged the content: a document named like a picture is no picture
        throw new Error(label('imageNoFile'));
      }
      const at = Math.min(insertAt == null ? editor.state.selection.from : insertAt, editor.state.doc.content.size);
      editor.chain().focus().insertContentAt(at, { type: 'image', attrs: { src: stored.src, alt } }).run();
      imageStatus.textContent = '';
      closeImage();
    } catch (e) {
      imageStatus.textContent = '';
      imageError.textContent = fill(label('uploadFailed'), file.name, e.message);
    } finally {
      imageInsert.disabled = false;
    }
  }

  imageInsert.addEventListener('click', insertImage);
  imageCancel.addEventListener('click', closeImage);
  imageForm.addEventListener('keydown', event => {
    if (event.key === 'Enter' && event.target === imageAlt) {
      event.preventDefault(); // not the wizard's submit
      insertImage();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeImage();
    }
  });

  linkApply.addEventListener('click', applyLink);
  linkRemove.addEventListener('click', () => { editor.chain().focus().extendMarkRange('link').unsetLink().run(); linkForm.hidden = true; });
  linkInput.addEventListener('keydown', event => {
    if (event.key === 'Enter') {
      event.preventDefault(); // not the wizard's submit
      applyLink();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      closeLink();
    }
  });

  sync(editor);
  refresh();
  host.classList.add('enhanced');
}

const attachmentsHost = document.querySelector('[data-notice-attachments]');
const attach = attachmentsHost ? enhanceAttachments(attachmentsHost) : null;
document.querySelectorAll('[data-notice-editor] textarea').forEach(textarea => enhance(textarea, attach));
