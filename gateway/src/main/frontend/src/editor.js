// The notice editor of the console's wizard (progressive enhancement): it takes the place of the bodyHtml
// textarea, which stays in the form, hidden, and always holds the editor's HTML, so the form posts bodyHtml as it
// does without JavaScript. Labels come from the page (the console's message bundles, data-label-* attributes).
import { Editor } from '@tiptap/core';
import StarterKit from '@tiptap/starter-kit';
import { ListItem } from '@tiptap/extension-list';
import { noticeHtml, safeHref } from './html.js';
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

const BUTTONS = [
  // name, label key (data-label-<key>), shortcut, what the button shows, command, whether it is on here
  ['h2', 'heading2', 'Ctrl+Alt+2', 'H2', e => e.chain().focus().toggleHeading({ level: 2 }).run(), e => e.isActive('heading', { level: 2 })],
  ['h3', 'heading3', 'Ctrl+Alt+3', 'H3', e => e.chain().focus().toggleHeading({ level: 3 }).run(), e => e.isActive('heading', { level: 3 })],
  ['bold', 'bold', 'Ctrl+B', 'B', e => e.chain().focus().toggleBold().run(), e => e.isActive('bold')],
  ['italic', 'italic', 'Ctrl+I', 'I', e => e.chain().focus().toggleItalic().run(), e => e.isActive('italic')],
  ['bulletList', 'bulletList', 'Ctrl+Shift+8', '\u2022', e => e.chain().focus().toggleBulletList().run(), e => e.isActive('bulletList')],
  ['orderedList', 'orderedList', 'Ctrl+Shift+7', '1.', e => e.chain().focus().toggleOrderedList().run(), e => e.isActive('orderedList')],
  ['link', 'link', 'Ctrl+K', 'URL', null, e => e.isActive('link')],
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

function enhance(textarea) {
  const host = textarea.closest('[data-notice-editor]');
  // A body the editor cannot hold (a table, an image: the API takes them) stays in the textarea, as HTML: the
  // editor would drop them on the first keystroke.
  const held = new Set(['P', 'H2', 'H3', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'CODE', 'A', 'UL', 'OL', 'LI', 'BLOCKQUOTE',
    'BR', 'HR']);
  const unheld = [...new DOMParser().parseFromString(textarea.value, 'text/html').body.querySelectorAll('*')]
    .some(el => !held.has(el.tagName));
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
  box.append(toolbar, linkForm, surface);
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
    ],
    content: textarea.value,
    editorProps: {
      attributes: { id: textarea.id + '-editor', role: 'textbox', 'aria-multiline': 'true',
        'aria-labelledby': fieldLabel ? fieldLabel.id : '', 'data-testid': 'notice-editor', class: 'editor-content' },
      transformPastedHTML: cleanPastedHtml,
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
    const button = element('button', { type: 'button', class: 'editor-button editor-' + name,
      'aria-label': label(key) + ' (' + keys + ')', title: label(key) + ' (' + keys + ')', 'data-testid': 'editor-' + name },
    short);
    if (active) {
      button.setAttribute('aria-pressed', 'false');
    }
    button.addEventListener('click', () => (run ? run(editor) : openLink()));
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

document.querySelectorAll('[data-notice-editor] textarea').forEach(enhance);
