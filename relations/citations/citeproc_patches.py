"""Small fixes to citeproc-py, so the official CSL styles render as their guides say.

citeproc-py (0.11) predates parts of CSL 1.0.2 that the current Chicago, APA
and MLA styles use. Each patch below implements one rule of the CSL
specification the library skips; nothing here formats a citation by hand.
"""

from __future__ import annotations

import threading

from citeproc import model
from citeproc.string import NoCase

from .typography import title_case_word

_trace = threading.local()


def _initialize(original):
    # CSL 1.0.2: initialize="false" on cs:name keeps given names whole even
    # when the style sets initialize-with (Chicago's full names in notes).
    def initialize(self, given, mark, context):
        if self.get("initialize") == "false":
            return given
        return original(self, given, mark, context)

    return initialize


def _label_process(original):
    # A label is rendered only when its variable has a value ("Edition" with no edition).
    def process(self, item, variable=None, plural=None, context=None, **kwargs):
        name = variable or self.get("variable")
        if name and name != "locator" and name.replace("-", "_") not in item.reference:
            return None
        return original(self, item, variable, plural, context, **kwargs)

    return process


def _text_variable(original):
    def _variable(self, item, context):
        text = original(self, item, context)
        if text and getattr(_trace, "variables", None) is not None:
            _trace.variables.append((self.tag, self.get("variable")))
        return text

    return _variable


def _substitute_render(self, item, context=None, **kwargs):
    # CSL: variables used in a substitution are suppressed in the rest of the
    # output (no title twice when it stands in for a missing author).
    for child in self.getchildren():
        _trace.variables = []
        try:
            if isinstance(child, model.Names) and child.name is None:
                names = self.xpath_search("./parent::cs:names[1]")[0]
                text = child.render(item, names_context=names, context=context, **kwargs)
            else:
                text = child.render(item, context=context, **kwargs)
        except model.VariableError:
            continue
        finally:
            used, _trace.variables = _trace.variables, None
        if text:
            self.add_to_repressed_list(child, context)
            repressed = context.get_layout().repressed
            for tag, variable in used:
                repressed.setdefault(tag, []).append(variable)
            return text
    return None


def _if_render(original):
    # CSL: disambiguate="true" holds only when the citation would otherwise be
    # ambiguous. Each citation here names one work, so it never is (MLA's
    # "(Partlow, par. 3)" gets no title added).
    def render(self, item, context=None, delimiter="", **kwargs):
        if self.get("disambiguate") == "true" and self.get("match") != "none":
            raise model.ConditionFailed
        return original(self, item, context=context, delimiter=delimiter, **kwargs)

    return render


def _case(original):
    def case(self, text, language=None):
        if self.get("text-case") != "title" or language != "en":
            return original(self, text, language)
        words = list(text.words())
        plain = [str(word) for word in words]
        output = []
        for index, word in enumerate(words):
            cased = title_case_word(plain, index)
            if cased != plain[index] and not isinstance(word, NoCase):
                word = type(word)(cased)
            output.append(word)
        return " ".join(output)

    return case


def apply() -> None:
    if getattr(model, "_relations_patched", False):
        return
    model.Name.initialize = _initialize(model.Name.initialize)
    model.Label.process = _label_process(model.Label.process)
    model.Text._variable = _text_variable(model.Text._variable)
    model.Substitute.render = _substitute_render
    model.If.render = _if_render(model.If.render)
    model.TextCased.case = _case(model.TextCased.case)
    model._relations_patched = True
