#!/usr/bin/env python3
"""Expresses an avv template in Mustache and Stencil syntax, with the data those need.

Usage: translate.py TEMPLATES DOCUMENT LANG PROFILE OUTDIR
  e.g. translate.py ../Templates av-vertrag de intellekta Peers

Writes OUTDIR/DOCUMENT.LANG.mustache, OUTDIR/DOCUMENT.LANG.stencil and
OUTDIR/DOCUMENT.LANG.PROFILE.json (the profile's data plus what the peers cannot compute).

The translation keeps the document's structure: every clause, paragraph, list and table of
the template, every avv:if/elif/else as a condition and every avv:each as a loop over the
same data list, every {{ value }} as a value. What Mustache and Stencil cannot do is
precomputed into the data, and only that:

- numbering (§ N, Abs. (N), list labels 1./a), Anlage N), cross-reference labels and the
  table of contents: avv computes these while rendering; here they are evaluated once for
  the profile and passed as data (`num.*`, `ref.*`, `toc`);
- filters (`date`, `list`, `country`, `money`, `upper`) and values printed in avv's
  language format (booleans, decimals): precomputed strings (`f.*`, or `_f*` on loop items);
- for Mustache, which has no expressions: each condition as a boolean (`c.*`, or `_c*` on
  loop items) and `loop.index` as `_index`; Stencil evaluates the conditions itself
  (`==`, `!=`, `and`, `or`, `not`, `in`), except those with parentheses or list literals,
  which it also gets as booleans;
- the stamp (document id, template version, date, text hash) is added by the benchmark.
"""
import json
import os
import re
import sys
import xml.etree.ElementTree as ET

import yaml

XH = "{http://www.w3.org/1999/xhtml}"
AV = "{urn:avv:template}"

# ---------------------------------------------------------------- expressions

TOKEN = re.compile(
    r"\s*(?:(==|!=)|([()\[\],])|'((?:[^'\\]|\\.)*)'|\"((?:[^\"\\]|\\.)*)\"|(-?\d+(?:\.\d+)?)|"
    r"([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*))")
KEYWORDS = {"and", "or", "not", "in", "true", "false", "null"}


def tokenize(text):
    tokens, pos = [], 0
    text = text.strip()
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise SyntaxError(f"cannot read expression {text!r} at {pos}")
        pos = m.end()
        op, sym, sq, dq, num, ident = m.groups()
        if op or sym:
            tokens.append(("sym", op or sym))
        elif sq is not None or dq is not None:
            tokens.append(("str", sq if sq is not None else dq))
        elif num:
            tokens.append(("num", float(num) if "." in num else int(num)))
        else:
            tokens.append(("kw", ident) if ident in KEYWORDS else ("id", ident))
    tokens.append(("end", None))
    return tokens


class Parser:
    def __init__(self, text):
        self.t = tokenize(text)
        self.i = 0

    def peek(self):
        return self.t[self.i]

    def take(self, kind, value=None):
        k, v = self.t[self.i]
        if k == kind and (value is None or v == value):
            self.i += 1
            return True
        return False

    def parse(self):
        e = self.orr()
        assert self.peek()[0] == "end", self.t
        return e

    def orr(self):
        e = self.andd()
        while self.take("kw", "or"):
            e = ("or", e, self.andd())
        return e

    def andd(self):
        e = self.nott()
        while self.take("kw", "and"):
            e = ("and", e, self.nott())
        return e

    def nott(self):
        if self.take("kw", "not"):
            return ("not", self.nott())
        return self.cmp()

    def cmp(self):
        left = self.primary()
        if self.take("sym", "=="):
            return ("eq", left, self.primary(), False)
        if self.take("sym", "!="):
            return ("eq", left, self.primary(), True)
        if self.take("kw", "in"):
            return ("in", left, self.primary(), False)
        if self.peek() == ("kw", "not") and self.t[self.i + 1] == ("kw", "in"):
            self.i += 2
            return ("in", left, self.primary(), True)
        return left

    def primary(self):
        k, v = self.peek()
        self.i += 1
        if (k, v) == ("sym", "("):
            e = self.orr()
            assert self.take("sym", ")")
            return ("group", e)
        if (k, v) == ("sym", "["):
            items = []
            if not self.take("sym", "]"):
                while True:
                    items.append(self.primary())
                    if not self.take("sym", ","):
                        break
                assert self.take("sym", "]")
            return ("list", items)
        if k in ("str", "num"):
            return ("lit", v)
        if k == "kw" and v in ("true", "false", "null"):
            return ("lit", {"true": True, "false": False, "null": None}[v])
        if k == "id":
            return ("path", v.split("."))
        raise SyntaxError(f"unexpected {v!r}")


def truthy(v):
    return not (v is None or v is False or v == 0 and not isinstance(v, bool) and isinstance(v, (int, float))
                or v == "" or v == [])


def equal(a, b):
    if isinstance(a, bool) != isinstance(b, bool):
        return False
    return a == b


class Scope:
    """The data, the loop variables (innermost last) and the built-in values."""

    def __init__(self, data, builtins):
        self.data, self.builtins, self.loops = data, builtins, []

    def resolve(self, segs):
        first, rest = segs[0], segs[1:]
        value = None
        for name, item, index, count in reversed(self.loops):
            if name == first:
                value = item
                break
        else:
            if first == "loop" and self.loops:
                _, _, index, count = self.loops[-1]
                value = {"index": index + 1, "first": index == 0, "last": index == count - 1, "count": count}
            elif first == "avv":
                value = self.builtins
            else:
                value = self.data.get(first) if isinstance(self.data, dict) else None
        for seg in rest:
            value = value.get(seg) if isinstance(value, dict) else None
        return value

    def eval(self, e):
        k = e[0]
        if k == "path":
            return self.resolve(e[1])
        if k == "lit":
            return e[1]
        if k == "group":
            return self.eval(e[1])
        if k == "list":
            return [self.eval(x) for x in e[1]]
        if k == "not":
            return not truthy(self.eval(e[1]))
        if k == "and":
            return truthy(self.eval(e[1])) and truthy(self.eval(e[2]))
        if k == "or":
            return truthy(self.eval(e[1])) or truthy(self.eval(e[2]))
        if k == "eq":
            return equal(self.eval(e[1]), self.eval(e[2])) != e[3]
        if k == "in":
            item, coll = self.eval(e[1]), self.eval(e[2])
            if isinstance(coll, list):
                found = any(equal(x, item) for x in coll)
            elif isinstance(coll, str) and isinstance(item, str):
                found = item in coll
            else:
                found = False
            return found != e[3]
        raise ValueError(e)


def stencil_expr(e, loopvars):
    """The Stencil form of a condition, or None when Stencil cannot say it."""
    k = e[0]
    if k == "path":
        segs = e[1]
        if segs[0] == "loop":
            return None
        return ".".join(segs)
    if k == "lit":
        v = e[1]
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, str):
            return '"' + v.replace('"', '\\"') + '"' if '"' not in v else None
        if isinstance(v, int):
            return str(v)
        return None
    if k == "not":
        inner = stencil_expr(e[1], loopvars)
        return None if inner is None else f"not {inner}"
    if k in ("and", "or"):
        l, r = stencil_expr(e[1], loopvars), stencil_expr(e[2], loopvars)
        return None if l is None or r is None else f"{l} {k} {r}"
    if k == "eq":
        l, r = stencil_expr(e[1], loopvars), stencil_expr(e[2], loopvars)
        return None if l is None or r is None else f"{l} {'!=' if e[3] else '=='} {r}"
    if k == "in":
        if e[3]:
            return None
        l, r = stencil_expr(e[1], loopvars), stencil_expr(e[2], loopvars)
        return None if l is None or r is None else f"{l} in {r}"
    return None  # group, list


# ---------------------------------------------------------------- formatting (as avv's Filter)

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def load_countries(root):
    path = os.path.join(root, "..", "Sources", "AVVKit", "Render", "CountryNames.swift")
    text = open(path, encoding="utf-8").read()
    return {code: {"de": de, "en": en} for code, de, en in
            re.findall(r'"([A-Z]{2})": Entry\(de: "([^"]*)", en: "([^"]*)"\)', text)}


def display(v, lang):
    if isinstance(v, bool):
        return ("Ja" if v else "Nein") if lang == "de" else ("Yes" if v else "No")
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float):
        s = repr(v).rstrip("0").rstrip(".")
        return s.replace(".", ",") if lang == "de" else s
    if isinstance(v, str):
        return v
    raise ValueError(f"cannot display {v!r}")


def apply_filter(name, v, lang, countries):
    if name == "date":
        y, m, d = v.split("-")
        return f"{d}.{m}.{y}" if lang == "de" else f"{int(d)} {MONTHS[int(m) - 1]} {y}"
    if name == "list":
        texts = [display(x, lang) for x in v]
        if len(texts) == 1:
            return texts[0]
        return ", ".join(texts[:-1]) + (" und " if lang == "de" else " and ") + texts[-1]
    if name == "country":
        return countries[v.upper()][lang]
    if name == "upper":
        return v.upper()
    if name == "money":
        q = f"{abs(v):,.2f}"
        if lang == "de":
            return ("-" if v < 0 else "") + q.replace(",", "X").replace(".", ",").replace("X", ".") + "\u00a0€"
        return ("-" if v < 0 else "") + "€" + q
    raise ValueError(name)


def section_number(lang, kind, n):
    return {("de", "clause"): f"§ {n}", ("de", "annex"): f"Anlage {n}",
            ("en", "clause"): f"Clause {n}", ("en", "annex"): f"Annex {n}"}[(lang, kind)]


def letters(n):
    return "abcdefghijklmnopqrstuvwxyz"[(n - 1) % 26] * ((n - 1) // 26 + 1)


def roman(n):
    out = ""
    for value, numeral in [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"),
                           (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]:
        while n >= value:
            out += numeral
            n -= value
    return out


def item_label(lang, n, depth):
    if lang == "de":
        return f"{n}." if depth == 1 else f"{letters(n)})" if depth == 2 else f"{letters(n) * 2})"
    return f"({letters(n)})" if depth == 1 else f"({roman(n)})" if depth == 2 else f"({letters(n).upper()})"


def item_reference(lang, n, depth):
    if lang == "de":
        return f"Nr. {n}" if depth == 1 else f"lit. {letters(n)}" if depth == 2 else f"Doppelbuchst. {letters(n) * 2}"
    return item_label(lang, n, depth)


# ---------------------------------------------------------------- the walk

def local(tag):
    if tag.startswith(XH):
        return tag[len(XH):]
    if tag.startswith(AV):
        return "avv:" + tag[len(AV):]
    return tag


def attr(el, name):
    return el.get(AV + name)


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


INTERP = re.compile(r"\{\{(.*?)\}\}", re.S)


class Translator:
    """Walks the template twice in one pass: emitting both syntaxes for every branch, and
    evaluating the profile's data where avv would render, to compute numbers."""

    def __init__(self, root_dir, doc_file, lang, data, builtins, countries):
        self.root_dir, self.lang, self.countries = root_dir, lang, countries
        self.scope = Scope(data, builtins)
        self.mu, self.st = [], []
        self.counter = 0
        self.num, self.refs_wanted, self.anchors, self.f, self.c = {}, set(), {}, {}, {}
        self.toc = []
        # Numbering state (as avv's Renderer), valid only while `live`.
        self.live = True
        self.clauses = self.annexes = 0
        self.section = None  # (kind, number, id)
        self.paragraphs = 0
        self.pending_paragraphs = []  # num keys of the current clause's paragraphs
        self.numbered_sections = set()
        self.items = []  # (n, depth)
        self.ordered_depth = 0
        self.list_depth = 0
        # Loop items to decorate for Mustache: loop var -> current item dict (live only)
        self.loop_items = []
        self.loopvars = []
        self.doc_file = doc_file

    def key(self, prefix):
        self.counter += 1
        return f"{prefix}{self.counter}"

    def out(self, mu, st=None):
        self.mu.append(mu)
        self.st.append(mu if st is None else st)

    # ---- values

    def value(self, source):
        parts = [p.strip() for p in source.split("|")]
        expr = Parser(parts[0]).parse()
        filters = parts[1:]
        k = self.key("f")
        in_loop = bool(self.loopvars)
        simple_path = expr[0] == "path" and not filters and expr[1][0] != "loop"
        if self.live:
            v = self.scope.eval(expr)
            for name in filters:
                v = apply_filter(name, v, self.lang, self.countries)
            text = display(v, self.lang)
            raw = self.scope.eval(expr)
            needs = not simple_path or not isinstance(raw, (str, int)) or isinstance(raw, bool)
        else:
            text, needs = "", not simple_path
        if expr[0] == "path" and expr[1] == ["loop", "index"]:
            self.out("{{_index}}", "{{ forloop.counter }}")
            if self.live:
                self.loop_items[-1]["_index"] = self.scope.loops[-1][2] + 1
            return
        if needs or (self.live and display(self.scope.eval(expr), self.lang) != text):
            if in_loop:
                if self.live:
                    self.loop_items[-1]["_" + k] = text
                self.out("{{_%s}}" % k, "{{ %s._%s }}" % (self.loopvars[-1], k))
            else:
                if self.live:
                    self.f[k] = text
                self.out("{{f.%s}}" % k, "{{ f.%s }}" % k)
            return
        segs = expr[1]
        if in_loop and segs[0] == self.loopvars[-1]:
            mu = "." if len(segs) == 1 else ".".join(segs[1:])
        elif in_loop and segs[0] in self.loopvars:
            raise ValueError(f"outer loop variable in {source}")
        else:
            mu = ".".join(segs)
        self.out("{{%s}}" % mu, "{{ %s }}" % ".".join(segs))

    def text(self, text):
        pos = 0
        for m in INTERP.finditer(text):
            if m.start() > pos:
                self.out(escape(text[pos:m.start()]))
            self.value(m.group(1))
            pos = m.end()
        if pos < len(text):
            self.out(escape(text[pos:]))

    def attribute_text(self, template):
        """An attribute with values, as avv joins it (spaces trimmed)."""
        if template is None:
            return None
        parts = []
        pos = 0
        for m in INTERP.finditer(template):
            parts.append(template[pos:m.start()])
            e = Parser(m.group(1).split("|")[0]).parse()
            v = self.scope.eval(e) if self.live else ""
            for name in [p.strip() for p in m.group(1).split("|")[1:]]:
                v = apply_filter(name, v, self.lang, self.countries)
            parts.append(display(v, self.lang) if self.live else "")
            pos = m.end()
        parts.append(template[pos:])
        return " ".join("".join(parts).split())

    # ---- conditions

    def condition(self, source):
        """Opens a condition for both engines; returns (holds, mustache key, stencil expr)."""
        expr = Parser(source).parse()
        holds = truthy(self.scope.eval(expr)) if self.live else False
        return expr, holds

    def chain(self, elements, emit):
        """An avv:if / avv:elif / avv:else chain; `emit(el)` renders one element."""
        was_live = self.live
        chosen = False
        keys = []
        stencil_parts = []
        for i, el in enumerate(elements):
            source = attr(el, "if") if i == 0 else attr(el, "elif")
            is_else = source is None
            if is_else:
                holds = not chosen
                st = None
            else:
                expr, value = self.condition(source)
                holds = (not chosen) and value
                st = stencil_expr(expr, self.loopvars)
            k = self.key("c")
            # Mustache: one boolean per branch, true for the branch avv takes.
            if self.loopvars:
                if was_live:
                    self.loop_items[-1]["_" + k] = bool(was_live and holds)
                mu_key = "_" + k
            else:
                if was_live:
                    self.c[k] = bool(holds)
                mu_key = "c." + k
            if st is None and not is_else:
                # Stencil gets a boolean too: true when this condition holds (not exclusive).
                if self.loopvars:
                    if was_live:
                        self.loop_items[-1]["_s" + k] = bool(value)
                    st = f"{self.loopvars[-1]}._s{k}"
                else:
                    if was_live:
                        self.c["s" + k] = bool(value)
                    st = f"c.s{k}"
            self.mu.append("{{#%s}}" % mu_key)
            self.st.append("{% if " + st + " %}" if i == 0 else ("{% else %}" if is_else else "{% elif " + st + " %}"))
            self.live = was_live and holds
            emit(el)
            # The next branch's condition is evaluated as live as the chain itself.
            self.live = was_live
            self.mu.append("{{/%s}}" % mu_key)
            if holds:
                chosen = True
        self.st.append("{% endif %}")
        self.live = was_live

    # ---- loops

    def loop(self, el, emit):
        header = attr(el, "each")
        var, coll = [s.strip() for s in header.split(" in ", 1)]
        expr = Parser(coll).parse()
        items = self.scope.eval(expr) if self.live else []
        segs = expr[1]
        if self.loopvars and segs[0] == self.loopvars[-1]:
            mu = ".".join(segs[1:])
        else:
            mu = ".".join(segs)
        self.mu.append("{{#%s}}" % mu)
        self.st.append("{%% for %s in %s %%}" % (var, ".".join(segs)))
        self.loopvars.append(var)
        mu_len, st_len = len(self.mu), len(self.st)
        was_live = self.live
        counter = self.counter
        if was_live and items:
            for index, item in enumerate(items):
                self.counter = counter  # the same keys in every iteration
                if not isinstance(item, dict):
                    # Mustache reads scalars as {{.}}; decorations need an object: keep scalars
                    # scalar (the templates here decorate object items only).
                    item_ref = {}
                else:
                    item_ref = item
                self.scope.loops.append((var, item, index, len(items)))
                self.loop_items.append(item_ref)
                del self.mu[mu_len:]
                del self.st[st_len:]
                self.live = True
                emit(el)
                self.loop_items.pop()
                self.scope.loops.pop()
                if item_ref and not isinstance(item, dict):
                    raise ValueError("a scalar loop item needs precomputed values")
        else:
            self.live = False
            self.scope.loops.append((var, {}, 0, 1))
            self.loop_items.append({})
            emit(el)
            self.loop_items.pop()
            self.scope.loops.pop()
        self.live = was_live
        self.loopvars.pop()
        self.mu.append("{{/%s}}" % mu)
        self.st.append("{% endfor %}")

    # ---- elements

    def children(self, el, inline):
        """Children of `el`, grouping if/elif/else chains."""
        if el.text and inline:
            self.text(el.text)
        kids = list(el)
        i = 0
        while i < len(kids):
            child = kids[i]
            if attr(child, "if") is not None:
                chain = [child]
                j = i + 1
                while j < len(kids) and (attr(kids[j], "elif") is not None or attr(kids[j], "else") is not None):
                    if (kids[j - 1].tail or "").strip():
                        break
                    chain.append(kids[j])
                    if attr(kids[j], "else") is not None:
                        j += 1
                        break
                    j += 1
                self.chain(chain, lambda e: self.element(e, inline, skip_if=True))
                for k in chain[:-1]:
                    if inline and k.tail and k.tail.strip():
                        self.text(k.tail)
                if inline and chain[-1].tail:
                    self.text(chain[-1].tail)
                i = j
                continue
            self.element(child, inline)
            if inline and child.tail:
                self.text(child.tail)
            i += 1

    def element(self, el, inline, skip_if=False):
        if attr(el, "each") is not None:
            self.loop(el, lambda e: self.element_body(e, inline))
        else:
            self.element_body(el, inline)

    def element_body(self, el, inline):
        tag = local(el.tag)
        include = attr(el, "include")
        if include:
            path = os.path.normpath(os.path.join(os.path.dirname(self.current_file), include))
            root = ET.parse(path).getroot()
            saved = self.current_file
            self.current_file = path
            if local(root.tag) == "html":
                self.children(root.find(XH + "body"), inline=False)
            else:
                self.element(root, inline=False)
            self.current_file = saved
            return
        if attr(el, "clause") is not None or attr(el, "annex") is not None:
            return self.section_element(el)
        if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.out(f"<{tag}>")
            self.children(el, inline=True)
            self.out(f"</{tag}>\n")
        elif tag == "p":
            k = self.key("p")
            anchor = attr(el, "id")
            if self.live and self.section and self.section[0] == "clause" and self.list_depth == 0:
                self.paragraphs += 1
                self.pending_paragraphs.append((k, self.paragraphs))
            if self.live and anchor:
                self.register(anchor)
            if self.list_depth == 0 and self.section and self.section[0] == "clause":
                self.out("<p>{{num.%s}} " % k, "<p>{{ num.%s }} " % k)
            else:
                self.out("<p>")
            self.children(el, inline=True)
            self.out("</p>\n")
        elif tag in ("ul", "ol"):
            ordered = tag == "ol"
            self.list_depth += 1
            if ordered:
                self.ordered_depth += 1
            saved = getattr(self, "item_count", 0)
            self.item_count = 0
            self.out(f"<{tag}>\n")
            self.children(el, inline=False)
            self.out(f"</{tag}>\n")
            self.item_count = saved
            if ordered:
                self.ordered_depth -= 1
            self.list_depth -= 1
        elif tag == "li":
            self.out("<li>")
            if self.current_list_ordered():
                k = self.key("n")
                if self.live:
                    self.item_count += 1
                    self.num[k] = item_label(self.lang, self.item_count, self.ordered_depth)
                    self.items.append((self.item_count, self.ordered_depth))
                    if attr(el, "id"):
                        self.register(attr(el, "id"))
                self.out("{{num.%s}} " % k, "{{ num.%s }} " % k)
                self.children(el, inline=True)
                if self.live:
                    self.items.pop()
            else:
                if self.live and attr(el, "id"):
                    self.register(attr(el, "id"))
                self.children(el, inline=True)
            self.out("</li>\n")
        elif tag in ("table", "thead", "tbody", "tr", "th", "td"):
            self.out(f"<{tag}>")
            self.children(el, inline=tag in ("th", "td"))
            self.out(f"</{tag}>\n")
        elif tag in ("strong", "b", "em", "i", "span", "avv:block", "div"):
            if tag in ("strong", "b", "em", "i"):
                self.out(f"<{tag}>")
            self.children(el, inline=inline)
            if tag in ("strong", "b", "em", "i"):
                self.out(f"</{tag}>")
        elif tag == "br":
            self.out("<br/>")
        elif tag == "avv:ref":
            target = el.get("to")
            self.refs_wanted.add(target)
            self.out("{{ref.%s}}" % target.replace("-", "_"), "{{ ref.%s }}" % target.replace("-", "_"))
        elif tag == "avv:toc":
            self.out("<nav><h2>%s</h2><ol>\n" % ("Inhaltsverzeichnis" if self.lang == "de" else "Contents"))
            self.out("{{#toc}}<li>{{number}} {{title}}</li>\n{{/toc}}",
                     "{% for e in toc %}<li>{{ e.number }} {{ e.title }}</li>\n{% endfor %}")
            self.out("</ol></nav>\n")
        elif tag == "avv:signatures":
            self.out("<div class=\"signatures\">\n")
            self.children(el, inline=False)
            self.out("</div>\n")
        elif tag == "avv:party":
            self.party(el)
        else:
            raise ValueError(f"unknown element {tag}")

    def current_list_ordered(self):
        return self._ordered_stack[-1] if getattr(self, "_ordered_stack", None) else False

    def party(self, el):
        labels = (["Ort, Datum", "Name in Druckbuchstaben", "Funktion", "Unterschrift"] if self.lang == "de"
                  else ["Place, date", "Name in block capitals", "Position", "Signature"])
        self.out("<div class=\"party\"><p>%s</p><p>" % escape(el.get("role")))
        self.children(el, inline=True)
        self.out("</p>\n")
        # The prefilled lines are attribute values: one precomputed string per line.
        for label, name, suffix in [(labels[0], "place", ", "), (labels[1], "signatory", ""),
                                    (labels[2], "function", ""), (labels[3], None, "")]:
            value = ""
            k = self.key("f")
            if name and el.get(name) is not None and self.live:
                text = self.attribute_text(el.get(name))
                value = text + suffix if text else ""
            if name and el.get(name) is not None and "{{" not in el.get(name):
                self.out("<div><div>%s</div>" % escape(value))
            elif name and el.get(name) is not None:
                if self.live:
                    self.f[k] = value
                self.out("<div><div>{{f.%s}}</div>" % k, "<div><div>{{ f.%s }}</div>" % k)
            else:
                self.out("<div><div></div>")
            self.out("<div>%s</div></div>\n" % escape(label))
        self.out("</div>\n")

    def section_element(self, el):
        kind = "clause" if attr(el, "clause") is not None else "annex"
        sid = attr(el, "clause") or attr(el, "annex")
        k = self.key("s")
        outer = (self.section, self.paragraphs, self.pending_paragraphs)
        if self.live:
            if kind == "clause":
                self.clauses += 1
                n = self.clauses
            else:
                self.annexes += 1
                n = self.annexes
            number = section_number(self.lang, kind, n)
            self.section = (kind, n, sid)
            self.anchors[sid] = (self.section, None, [], None)
            sep = "" if number.startswith("§") else ":"
            self.num[k] = number + sep
            title_el = el.find(XH + "h2")
            title = " ".join("".join(title_el.itertext()).split()) if title_el is not None else ""
            self.toc.append({"number": number, "title": title})
        else:
            self.section = (kind, 0, sid)
        self.paragraphs = 0
        self.pending_paragraphs = []
        self.out("<section>\n")
        first = True
        self.out("<h2>{{num.%s}} " % k, "<h2>{{ num.%s }} " % k)
        kids = [c for c in el]
        h2 = kids[0] if kids and local(kids[0].tag) == "h2" else None
        if h2 is not None:
            self.children(h2, inline=True)
        self.out("</h2>\n")
        body = ET.Element(XH + "div")
        body.text = None
        for c in kids[1:] if h2 is not None else kids:
            body.append(c)
        self.children(body, inline=False)
        self.out("</section>\n")
        if self.live and kind == "clause":
            numbered = self.paragraphs >= 2
            if numbered:
                self.numbered_sections.add(self.section[1])
            for key, p in self.pending_paragraphs:
                self.num[key] = (f"({p})" if self.lang == "de" else f"{self.section[1]}.{p}") if numbered else ""
        self.section, self.paragraphs, self.pending_paragraphs = outer

    def register(self, anchor):
        para = self.paragraphs if self.section and self.section[0] == "clause" and self.paragraphs > 0 else None
        self.anchors[anchor] = (self.section, para, list(self.items), None)

    def reference_labels(self):
        refs = {}
        for target in self.refs_wanted:
            if target not in self.anchors:
                continue
            section, para, items, _ = self.anchors[target]
            kind, n, _ = section
            label = section_number(self.lang, kind, n)
            if para is not None and kind == "clause" and n in self.numbered_sections:
                label += f" Abs. {para}" if self.lang == "de" else f".{para}"
            for item_n, depth in items:
                r = item_reference(self.lang, item_n, depth)
                label += (" " + r) if self.lang == "de" else r
            refs[target.replace("-", "_")] = label
        return refs


def main():
    if len(sys.argv) != 6:
        sys.exit(__doc__)
    templates, document, lang, profile, outdir = sys.argv[1:]
    doc_file = os.path.join(templates, document, f"{document}.{lang}.xhtml")
    with open(os.path.join(templates, "examples", f"{profile}.yaml"), encoding="utf-8") as f:
        data = yaml.safe_load(f)
    # YAML dates stay text, as avv reads them (the examples quote them).
    builtins = {"language": lang}
    t = Translator(templates, doc_file, lang, data, builtins, load_countries(templates))
    t.current_file = doc_file
    root = ET.parse(doc_file).getroot()
    t._ordered_stack = []
    # Track ordered lists with a stack through element_body.
    original = t.element_body

    def element_body(el, inline):
        tag = local(el.tag)
        if tag in ("ul", "ol"):
            t._ordered_stack.append(tag == "ol")
            try:
                return original(el, inline)
            finally:
                t._ordered_stack.pop()
        return original(el, inline)

    t.element_body = element_body
    body = root.find(XH + "body")
    t.children(body, inline=False)
    head = ('<!DOCTYPE html>\n<html lang="%s">\n<head>\n<meta charset="utf-8"/>\n<title>%s</title>\n'
            '<style>\n%s</style>\n</head>\n<body>\n<main>\n' % (lang, escape(document), CSS))
    foot_mu = ("</main>\n<footer><dl>\n<dt>Dokument</dt><dd>{{stamp.documentID}}</dd>\n"
               "<dt>Vorlagenversion</dt><dd>{{stamp.templateVersion}}</dd>\n<dt>Datum</dt><dd>{{stamp.date}}</dd>\n"
               "<dt>SHA-256 (Textfassung)</dt><dd><code>{{stamp.textHash}}</code></dd>\n</dl></footer>\n</body>\n</html>\n")
    foot_st = foot_mu.replace("{{stamp.", "{{ stamp.").replace("}}</", " }}</")
    os.makedirs(outdir, exist_ok=True)
    base = os.path.join(outdir, f"{document}.{lang}")
    with open(base + ".mustache", "w", encoding="utf-8") as f:
        f.write(head + "".join(t.mu) + foot_mu)
    with open(base + ".stencil", "w", encoding="utf-8") as f:
        f.write(head + "".join(t.st) + foot_st)
    data = dict(data)
    data.update({"num": t.num, "ref": t.reference_labels(), "toc": t.toc, "f": t.f, "c": t.c, "avv": builtins})
    with open(f"{base}.{profile}.json", "w", encoding="utf-8") as f:
        json.dump(data, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")


def avv_css():
    """avv's own style sheet, so that the peers write as many bytes (static text for them)."""
    path = os.path.join(os.path.dirname(__file__), "..", "..", "Sources", "AVVKit", "Output", "HTMLStyle.swift")
    text = open(path, encoding="utf-8").read()
    m = re.search(r'"""\n(.*?)"""', text, re.S)
    return m.group(1) if m else ""


CSS = avv_css()

if __name__ == "__main__":
    main()
