// The code editor of the candidate's assessment page: CodeMirror 6 with Python highlighting, bundled by
// esbuild into static/vendor/editor.js (`make setup`), so nothing is fetched from a CDN at run time.
//
// It enhances each <textarea class="code-editor"> in place: the textarea stays in its form, hidden, and
// receives every change followed by an "input" event, so the page's autosave, drafts and plain-form
// fallback work exactly as they do without the editor. Tab indents; Esc then Tab leaves the editor.
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";

function enhance(textarea) {
  const limit = Number(textarea.getAttribute("maxlength")) || Infinity;
  const host = document.createElement("div");
  host.className = "code-editor-host";
  textarea.insertAdjacentElement("afterend", host);
  const label = document.querySelector(`label[for="${textarea.id}"]`);
  const view = new EditorView({
    parent: host,
    state: EditorState.create({
      doc: textarea.value,
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        python(),
        EditorState.changeFilter.of((transaction) => transaction.newDoc.length <= limit),
        EditorView.contentAttributes.of({
          "aria-label": label ? label.textContent.trim() : "Code",
          "aria-describedby": textarea.getAttribute("aria-describedby") || "",
        }),
        EditorView.updateListener.of((update) => {
          if (!update.docChanged) return;
          textarea.value = update.state.doc.toString();
          textarea.dispatchEvent(new Event("input", { bubbles: true }));
        }),
      ],
    }),
  });
  textarea.hidden = true;
  if (label) label.addEventListener("click", () => view.focus());
  return view;
}

document.querySelectorAll("textarea.code-editor").forEach(enhance);
