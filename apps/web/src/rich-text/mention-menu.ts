/**
 * The `@` list under the caret: the people a query matches, picked with the arrows and Enter
 * (or Tab), or a click; Esc closes it. Plain DOM, no React root: it lives only while the
 * suggestion is open. Positioned through the CSSOM (style properties), which the page's
 * `style-src 'self'` allows, unlike style attributes in markup.
 */
import type { SuggestionKeyDownProps, SuggestionProps } from '@tiptap/suggestion';
import type { MentionItem } from './mention-items.ts';

type Props = SuggestionProps<MentionItem, { id: string; label: string }>;

let menus = 0;

export function mentionMenu() {
  let list: HTMLUListElement | null = null;
  let props: Props | null = null;
  let active = 0;
  const id = `mention-menu-${++menus}`;

  const pick = (index: number) => {
    const item = props?.items[index];
    if (item && props) props.command({ id: item.id, label: item.label });
  };

  const render = () => {
    if (!list || !props) return;
    list.replaceChildren();
    if (props.items.length === 0) {
      const empty = document.createElement('li');
      empty.className = 'mention-menu-empty';
      empty.textContent = 'No one by that name';
      list.append(empty);
    }
    props.items.forEach((item, i) => {
      const li = document.createElement('li');
      li.id = `${id}-${i}`;
      li.role = 'option';
      li.className = 'mention-menu-item';
      li.textContent = item.label;
      li.setAttribute('aria-selected', String(i === active));
      // Keeps the caret in the editor: the click picks, focus stays where the person types.
      li.addEventListener('mousedown', (e) => {
        e.preventDefault();
        pick(i);
      });
      list?.append(li);
    });
    props.editor.view.dom.setAttribute(
      'aria-activedescendant',
      props.items.length > 0 ? `${id}-${active}` : '',
    );
    const rect = props.clientRect?.();
    if (rect) {
      list.style.left = `${Math.round(rect.left + window.scrollX)}px`;
      list.style.top = `${Math.round(rect.bottom + window.scrollY + 4)}px`;
    }
  };

  return {
    onStart(p: Props) {
      props = p;
      active = 0;
      list = document.createElement('ul');
      list.id = id;
      list.role = 'listbox';
      list.className = 'mention-menu';
      list.setAttribute('aria-label', 'People to mention');
      document.body.append(list);
      p.editor.view.dom.setAttribute('aria-controls', id);
      render();
    },
    onUpdate(p: Props) {
      props = p;
      if (active >= p.items.length) active = 0;
      render();
    },
    onKeyDown({ event }: SuggestionKeyDownProps): boolean {
      const count = props?.items.length ?? 0;
      if (event.key === 'Escape') {
        list?.remove();
        list = null;
        return true;
      }
      if (!list || count === 0) return false;
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        active = (active + (event.key === 'ArrowDown' ? 1 : count - 1)) % count;
        render();
        return true;
      }
      if (event.key === 'Enter' || event.key === 'Tab') {
        pick(active);
        return true;
      }
      return false;
    },
    onExit(p: Props) {
      p.editor.view.dom.removeAttribute('aria-activedescendant');
      p.editor.view.dom.removeAttribute('aria-controls');
      list?.remove();
      list = null;
      props = null;
    },
  };
}
