// The shared editor of a pair-programming interview: CodeMirror 6 bound to one Yjs text through
// y-codemirror.next, kept in sync with the server by y-websocket. Bundled by esbuild into
// static/vendor/pair.js (`make setup`), so nothing is fetched from a CDN at run time.
//
// The page says which room to join, the name and role shown on this person's cursor, and (for the
// candidate) the signed link token the server checks. The status pill tells whether edits are reaching
// the server; y-websocket reconnects on its own and merges what was typed meanwhile.
import { basicSetup } from "codemirror";
import { indentWithTab } from "@codemirror/commands";
import { python } from "@codemirror/lang-python";
import { EditorState } from "@codemirror/state";
import { EditorView, keymap } from "@codemirror/view";
import { yCollab } from "y-codemirror.next";
import { WebsocketProvider } from "y-websocket";
import * as Y from "yjs";

const TEXT_NAME = "code"; // the server reads the same text (vetml.interviews.pairing.TEXT_NAME)
const COLOURS = { interviewer: "#0b5cad", manager: "#6d28d9", candidate: "#b45309" };
// The server closes with 1008 when the identity is refused and 1009 when a change is too large: retrying
// would only be refused again, so the editor stops and says why.
const FINAL_CLOSES = new Set([1008, 1009]);

function showStatus(pill, state, text) {
  pill.dataset.state = state;
  pill.textContent = text;
}

function trackStatus(provider, pill) {
  let connectedOnce = false;
  provider.on("status", ({ status }) => {
    if (status === "connected") {
      connectedOnce = true;
      showStatus(pill, "connected", "Connected");
    } else if (pill.dataset.state !== "refused") {
      showStatus(pill, connectedOnce ? "reconnecting" : "connecting", connectedOnce ? "Reconnecting…" : "Connecting…");
    }
  });
  provider.on("connection-close", (event) => {
    if (event && FINAL_CLOSES.has(event.code)) {
      showStatus(pill, "refused", `Disconnected: ${event.reason || "the server refused the connection"}`);
    }
  });
}

function trackPeople(provider, list) {
  const render = () => {
    const names = [...provider.awareness.getStates().values()]
      .map((state) => state.user && state.user.name)
      .filter(Boolean);
    list.textContent = names.join(", ");
  };
  provider.awareness.on("change", render);
  render();
}

function start(section) {
  const { pairRoom: room, pairName: name, pairRole: role, pairLink: link } = section.dataset;
  const doc = new Y.Doc();
  const text = doc.getText(TEXT_NAME);
  const scheme = window.location.protocol === "https:" ? "wss" : "ws";
  const provider = new WebsocketProvider(`${scheme}://${window.location.host}/ws/pair`, room, doc, {
    params: link ? { link } : {},
    disableBc: true, // every change goes through the server, which stores it
    shouldReconnect: (event) => !FINAL_CLOSES.has(event.code),
  });
  const colour = COLOURS[role] || "#0f766e";
  provider.awareness.setLocalStateField("user", { name: `${name} (${role})`, color: colour, colorLight: `${colour}33` });
  new EditorView({
    parent: section.querySelector("#pair-editor"),
    state: EditorState.create({
      doc: text.toString(),
      extensions: [
        basicSetup,
        keymap.of([indentWithTab]),
        python(),
        yCollab(text, provider.awareness),
        EditorView.contentAttributes.of({
          "aria-labelledby": "pair-editor-label",
          "aria-describedby": "pair-editor-hint",
        }),
      ],
    }),
  });
  trackStatus(provider, section.querySelector("#pair-status"));
  trackPeople(provider, section.querySelector("#pair-people"));
}

function copyLink(button) {
  const field = document.getElementById(button.dataset.copies);
  const state = document.getElementById("copy-state");
  button.addEventListener("click", async () => {
    field.select();
    try {
      await navigator.clipboard.writeText(field.value);
      state.textContent = "Copied.";
    } catch {
      state.textContent = "Selected: press Ctrl+C to copy.";
    }
  });
}

document.querySelectorAll("section.pair-editor").forEach(start);
document.querySelectorAll("button[data-copies]").forEach(copyLink);
