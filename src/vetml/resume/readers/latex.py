"""LaTeX CVs: sections become headings, \\item becomes a bullet, formatting macros keep their text.

The preamble is dropped except for the identity macros of moderncv (\\name, \\email, ...), which
hold the person's name and contact line that \\makecvtitle prints. Common CV macros (moderncv's
\\cventry, Jake's \\resumeSubheading, AltaCV's \\cvevent) come out as readable lines. Each line's
`source_line` is the .tex line where its text starts.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from pylatexenc.latex2text import LatexNodes2Text
from pylatexenc.latexwalker import (
    LatexCharsNode,
    LatexCommentNode,
    LatexEnvironmentNode,
    LatexGroupNode,
    LatexMacroNode,
    LatexSpecialsNode,
    LatexWalker,
    LatexWalkerError,
    get_default_latex_context_db,
)
from pylatexenc.macrospec import EnvironmentSpec, MacroSpec

from vetml.errors import InvalidInput
from vetml.resume.document import Document, LineKind
from vetml.resume.readers.lines import Draft, to_lines


@dataclass(frozen=True)
class _CvMacro:
    """How a CV macro prints: each line joins some arguments with `sep`, optionally after a "label: "."""

    spec: str
    lines: tuple[tuple[int | None, tuple[int, ...]], ...]  # (label argument, joined arguments) per line
    kind: LineKind = LineKind.TEXT
    sep: str = ", "
    body: int | None = None  # an argument read afterwards as ordinary text (it may hold a list)


_CV_MACROS = {
    "cventry": _CvMacro("[{{{{{{", ((None, (2, 3, 4, 5, 1)),), body=6),  # moderncv: dates first
    "cvitem": _CvMacro("[{{", ((1, (2,)),)),
    "cvitemwithcomment": _CvMacro("[{{{", ((1, (2, 3)),)),
    "cvdoubleitem": _CvMacro("[{{{{", ((1, (2,)), (3, (4,)))),
    "cvlistitem": _CvMacro("[{", ((None, (1,)),), LineKind.BULLET),
    "cvlistdoubleitem": _CvMacro("[{{", ((None, (1,)), (None, (2,))), LineKind.BULLET),
    "resumeSubheading": _CvMacro("{{{{", ((None, (0, 1)), (None, (2, 3)))),  # Jake's resume
    "resumeSubSubheading": _CvMacro("{{", ((None, (0, 1)),)),
    "resumeProjectHeading": _CvMacro("{{", ((None, (0, 1)),)),
    "resumeItem": _CvMacro("{", ((None, (0,)),), LineKind.BULLET),
    "resumeSubItem": _CvMacro("{", ((None, (0,)),), LineKind.BULLET),
    "cvevent": _CvMacro("{{{{", ((None, (0, 1, 3, 2)),)),  # AltaCV: title, organisation, dates, place
    "name": _CvMacro("{{", ((None, (0, 1)),), LineKind.HEADING, sep=" "),  # moderncv identity
    "author": _CvMacro("{", ((None, (0,)),), LineKind.HEADING),
    "title": _CvMacro("{", ((None, (0,)),)),
    "address": _CvMacro("{{{", ((None, (0, 1, 2)),)),
    "email": _CvMacro("{", ((None, (0,)),)),
    "phone": _CvMacro("[{", ((None, (1,)),)),
    "mobile": _CvMacro("{", ((None, (0,)),)),
    "homepage": _CvMacro("{", ((None, (0,)),)),
    "social": _CvMacro("[[{", ((None, (2,)),)),
    "extrainfo": _CvMacro("{", ((None, (0,)),)),
}
_IDENTITY = {"name", "author", "title", "address", "email", "phone", "mobile", "homepage", "social", "extrainfo"}
_HEADINGS = {"part", "chapter", "section", "subsection", "subsubsection", "cvsection", "cvsubsection"}
_BREAKS = {"\\", "newline", "linebreak", "par", "cr"}
_SPACERS = {"hfill", "hfil", "hspace", "quad", "qquad", "enspace", ",", " ", ";", "enskip"}
# fmt: off
# Macros that print nothing a reader would quote (layout, references, definitions).
_DROPPED = {
    "vspace", "label", "ref", "cite", "today", "date", "newcommand", "renewcommand", "providecommand",
    "setlength", "addtolength", "setcounter", "usepackage", "documentclass", "pagestyle", "thispagestyle",
    "includegraphics", "maketitle", "makecvtitle", "noindent", "centering", "raggedright", "raggedleft",
    "color", "definecolor", "colorlet", "input", "include", "hypersetup", "geometry", "rule", "fontsize",
    "selectfont", "photo", "moderncvstyle", "moderncvcolor", "newpage", "clearpage", "pagebreak", "footnote",
}
# Macros whose last argument is the text they show.
_FORMATTING = {
    "textbf", "textit", "emph", "underline", "uline", "textsc", "texttt", "textsf", "textrm", "textmd",
    "textup", "textsl", "textnormal", "text", "mbox", "hbox", "textcolor", "colorbox", "href", "url", "cvtag",
    "faicon",
}
# Argument shapes pylatexenc lacks, so these macros' arguments are parsed rather than read as text.
_OTHER_MACROS = {
    "href": "[{{", "cvsection": "{", "cvsubsection": "{", "fontsize": "{{", "geometry": "{", "faicon": "{",
    "cvtag": "{", "photo": "[[{", "moderncvstyle": "{", "moderncvcolor": "{", "rule": "[{{", "vspace": "*{",
}
_ENVIRONMENTS = {"minipage": "[[[{", "multicols": "{", "paracol": "{"}
# fmt: on
_LISTS = {"itemize", "enumerate", "description", "cvitems", "compactitem", "compactenum", "inparaitem"}
_SKIPPED_ENVIRONMENTS = {"comment", "figure", "tikzpicture"}
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n\s*")
_WORDS = {"LaTeX": "LaTeX", "TeX": "TeX", "textbar": "|", "textbullet": "•", "cdot": "·", "textperiodcentered": "·"}


def read(text: str) -> Document:
    """Read a LaTeX CV already decoded to str."""
    try:
        nodes = _parse(text)
        builder = _Builder(_line_starts(text))
        preamble, body = _split_document(nodes)
        builder.walk(node for node in preamble if _is_identity(node))
        builder.walk(body)
        builder.flush()
    except (LatexWalkerError, RecursionError) as error:
        raise _unreadable() from error
    except (IndexError, KeyError, TypeError, ValueError, AttributeError) as error:
        # pylatexenc's text conversion assumes well-formed macros; untrusted files break that assumption.
        raise _unreadable() from error
    return Document(to_lines(builder.drafts), "latex")


def _unreadable() -> InvalidInput:
    """The refusal for a file pylatexenc cannot make sense of."""
    return InvalidInput(
        "the LaTeX file could not be read", hint="Check that it compiles, or upload the PDF it produces."
    )


@functools.cache
def _context() -> Any:
    """pylatexenc's macro table, taught the argument shapes of common CV macros."""
    context = get_default_latex_context_db()
    macros = [MacroSpec(name, macro.spec) for name, macro in _CV_MACROS.items()]
    macros += [MacroSpec(name, spec) for name, spec in _OTHER_MACROS.items()]
    environments = [EnvironmentSpec(name, spec) for name, spec in _ENVIRONMENTS.items()]
    context.add_context_category("vetml-cv", macros=macros, environments=environments, prepend=True)
    return context


@functools.cache
def _converter() -> Any:
    """Turns accents, symbols and math into text; the walker handles structure itself."""
    return LatexNodes2Text(math_mode="text")


def _parse(text: str) -> list[Any]:
    """The top-level nodes, parsed tolerantly: a CV that compiles may still use macros we do not know."""
    nodes, _position, _length = LatexWalker(text, latex_context=_context(), tolerant_parsing=True).get_latex_nodes()
    return [node for node in nodes if node is not None]


def _line_starts(text: str) -> list[int]:
    """The offset where each source line starts, to turn node positions into line numbers."""
    return [0] + [match.end() for match in re.finditer("\n", text)]


def _split_document(nodes: list[Any]) -> tuple[list[Any], list[Any]]:
    """(preamble, body): the body is what \\begin{document} holds, or everything when it is missing."""
    for index, node in enumerate(nodes):
        if isinstance(node, LatexEnvironmentNode) and node.environmentname == "document":
            return nodes[:index], list(node.nodelist)
    return [], nodes


def _is_identity(node: Any) -> bool:
    """moderncv's identity macros, the only part of a preamble a reader sees on the page."""
    return isinstance(node, LatexMacroNode) and node.macroname in _IDENTITY


def _arguments(node: Any) -> list[Any]:
    """The macro's arguments by position, None where an optional one is missing."""
    return list(node.nodeargd.argnlist) if node.nodeargd is not None else []


@dataclass
class _Builder:
    """Collects text into lines while the node tree is walked, remembering where each line starts."""

    starts: list[int]
    drafts: list[Draft] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)
    kind: LineKind = LineKind.TEXT
    position: int | None = None

    def add(self, text: str, position: int) -> None:
        """Append text to the current line; the first visible text fixes the line's location."""
        if self.position is None and text.strip():
            self.position = position + len(text) - len(text.lstrip())
        self.parts.append(text)

    def start(self, kind: LineKind, position: int) -> None:
        """Begin a heading or bullet at a macro."""
        self.flush()
        self.kind, self.position = kind, position

    def flush(self) -> None:
        """Finish the current line, if it holds anything."""
        text = "".join(self.parts).replace("\n", " ")
        if text.strip():
            number = bisect.bisect_right(self.starts, self.position or 0)
            bullet = "•" if self.kind is LineKind.BULLET else ""
            self.drafts.append(Draft(text, self.kind, bullet, source_line=number))
        self.parts, self.kind, self.position = [], LineKind.TEXT, None

    def walk(self, nodes: Iterable[Any]) -> None:
        """Add a list of nodes in order."""
        for node in nodes:
            if node is not None:
                self.node(node)

    def node(self, node: Any) -> None:
        """Add one node: text, a group, a macro, an environment or math."""
        if isinstance(node, LatexCharsNode):
            self.chars(node.chars, node.pos)
        elif isinstance(node, LatexGroupNode):
            self.walk(node.nodelist)
        elif isinstance(node, LatexMacroNode):
            self.macro(node)
        elif isinstance(node, LatexEnvironmentNode):
            self.environment(node)
        elif isinstance(node, LatexSpecialsNode):
            self.add(" " if node.specials_chars in ("&", "~") else _converter().node_to_text(node), node.pos)
        elif not isinstance(node, LatexCommentNode):  # math, and anything pylatexenc adds later
            self.add(_converter().node_to_text(node), node.pos)

    def chars(self, chars: str, position: int) -> None:
        """Plain text; a blank line ends the line, as it ends a paragraph in LaTeX."""
        offset = 0
        for index, piece in enumerate(_PARAGRAPH_BREAK.split(chars)):
            if index:
                self.flush()
            start = chars.index(piece, offset)
            self.add(piece, position + start)
            offset = start + len(piece)

    def macro(self, node: Any) -> None:
        """Add a macro: structure (sections, items, breaks), CV macros, formatting or a symbol."""
        name = node.macroname
        if name in _HEADINGS:
            self.heading(node)
        elif name == "item":
            self.item(node)
        elif name in _CV_MACROS:
            self.cv_macro(node, _CV_MACROS[name])
        elif name in _BREAKS:
            self.flush()
        elif name in _SPACERS:
            self.add(" ", node.pos)
        elif name in _WORDS:
            self.add(_WORDS[name], node.pos)
        elif name in _FORMATTING:
            self.walk(_arguments(node)[-1:])
        elif name not in _DROPPED:
            self.add(_converter().node_to_text(node), node.pos)

    def heading(self, node: Any) -> None:
        """A sectioning command: its title, alone on a heading line."""
        self.start(LineKind.HEADING, node.pos)
        self.walk([argument for argument in _arguments(node) if isinstance(argument, LatexGroupNode)][-1:])
        self.flush()

    def item(self, node: Any) -> None:
        """\\item starts a bullet; a description label (\\item[Python]) leads its text."""
        self.start(LineKind.BULLET, node.pos)
        label = _arguments(node)[:1]
        if label and label[0] is not None:
            self.walk(label)
            self.add(" ", node.pos)

    def cv_macro(self, node: Any, macro: _CvMacro) -> None:
        """A CV macro as the lines it prints, then its free-text argument read as usual."""
        arguments = _arguments(node)
        for label, joined in macro.lines:
            texts = [self.flatten(arguments, index) for index in joined]
            text = macro.sep.join(text for text in texts if text)
            caption = self.flatten(arguments, label) if label is not None else ""
            self.start(macro.kind, node.pos)
            self.add(f"{caption}: {text}" if caption and text else caption or text, node.pos)
            self.flush()
        if macro.body is not None and macro.body < len(arguments):
            self.walk(arguments[macro.body : macro.body + 1])
            self.flush()

    def flatten(self, arguments: list[Any], index: int) -> str:
        """One macro argument as a single line of text."""
        if index >= len(arguments) or arguments[index] is None:
            return ""
        inner = _Builder(self.starts)
        inner.node(arguments[index])
        inner.flush()
        return " ".join(draft.text.strip() for draft in inner.drafts)

    def environment(self, node: Any) -> None:
        """Lists start and end their own lines; other environments are read through."""
        name = node.environmentname
        if name in _SKIPPED_ENVIRONMENTS:
            return
        if name in _LISTS:
            self.flush()
        self.walk(node.nodelist)
        if name in _LISTS:
            self.flush()
