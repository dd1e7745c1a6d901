/**
 * A rich text editor bound to a Y.XmlFragment of the workspace document (issue 14): what is typed
 * goes straight into the shared document, so two people typing at once, or one offline, merge
 * character by character, and it syncs and persists like every other edit. Markdown shortcuts
 * (`# `, `- `, `1. `, `[ ] `, `> `, ``` ` ```, `**bold**`, `` `code` ``), lists, checklists,
 * code, links (typed or pasted URLs), and `@` mentions of the workspace's people.
 *
 * Loaded on demand (description-field.tsx): TipTap and ProseMirror are most of its weight. TipTap
 * injects no CSS (the page's CSP is `style-src 'self'`): rich-editor.css holds what it needs.
 * Undo inside the editor (Ctrl/Cmd+Z) is the binding's own, per editor; the board's undo covers
 * the model's operations.
 */
import Collaboration from '@tiptap/extension-collaboration';
import { TaskItem, TaskList } from '@tiptap/extension-list';
import Mention from '@tiptap/extension-mention';
import { Placeholder } from '@tiptap/extensions';
import { EditorContent, useEditor } from '@tiptap/react';
import StarterKit from '@tiptap/starter-kit';
import { useEffect, useRef } from 'react';
import type * as Y from 'yjs';
import { mentionItems } from './mention-items.ts';
import { mentionMenu } from './mention-menu.ts';
import './rich-editor.css';

export type RichEditorProps = {
  fragment: Y.XmlFragment;
  /** actorId → display name: who `@` offers. */
  people: Record<string, string>;
  readOnly: boolean;
  /** The accessible name of the text box. */
  label: string;
  placeholder?: string;
};

export default function RichEditor({ fragment, people, readOnly, label, placeholder }: RichEditorProps) {
  // The suggestion reads the people as they are now, not as they were when the editor was made.
  const peopleRef = useRef(people);
  peopleRef.current = people;
  const editor = useEditor(
    {
      injectCSS: false,
      editable: !readOnly,
      extensions: [
        StarterKit.configure({
          // The binding keeps its own history; a trailing paragraph the editor adds on its own
          // would be written by every replica that opens the description.
          undoRedo: false,
          trailingNode: false,
          link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
        }),
        TaskList,
        TaskItem.configure({ nested: true }),
        Mention.configure({
          HTMLAttributes: { class: 'mention' },
          suggestion: {
            char: '@',
            items: ({ query }) => mentionItems(peopleRef.current, query),
            render: mentionMenu,
          },
        }),
        Placeholder.configure({ placeholder: placeholder ?? '' }),
        Collaboration.configure({ fragment }),
      ],
      editorProps: {
        attributes: {
          class: 'rich-editor-content',
          role: 'textbox',
          'aria-multiline': 'true',
          'aria-label': label,
          ...(readOnly ? { 'aria-readonly': 'true' } : {}),
        },
      },
    },
    [fragment],
  );
  useEffect(() => {
    editor?.setEditable(!readOnly);
  }, [editor, readOnly]);
  return <EditorContent editor={editor} className={`rich-editor${readOnly ? ' read-only' : ''}`} />;
}
