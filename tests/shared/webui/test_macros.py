"""The shared table and paging macros render the accessible structure the pages rely on."""

from __future__ import annotations

import re
from pathlib import Path

import jinja2

import shared.webui

TEMPLATES = Path(shared.webui.__file__).parent / "templates"


def render(source: str, **values: object) -> str:
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True)
    env.globals["t"] = lambda key, **_: key
    return re.sub(r"\s+", " ", env.from_string(source).render(**values))


def test_data_table_has_caption_column_headers_and_a_row_per_item() -> None:
    html = render(
        '{% from "macros.html" import data_table %}'
        '{% call(row) data_table("Daftar", ["Nama", ("Skor", "num"), none], rows) %}'
        "<tr><td>{{ row }}</td></tr>{% endcall %}",
        rows=["a", "b"],
    )
    assert (
        '<div class="table-wrap" role="region" tabindex="0" aria-label="Daftar"> <table>'
        ' <caption class="visually-hidden">Daftar</caption>'
    ) in html  # the scrolling wrapper is a named region a keyboard can focus and scroll
    assert '<th scope="col">Nama</th><th scope="col" class="num">Skor</th> </tr>' in html
    assert html.count("<tr><td>") == 2
    assert "table.empty" not in html


def test_data_table_without_rows_says_so_across_all_columns() -> None:
    source = (
        '{% from "macros.html" import data_table %}'
        '{% call(row) data_table("", ["A", "B"], [], **opts) %}x{% endcall %}'
    )
    assert '<td colspan="2" class="muted">table.empty</td>' in render(source, opts={})
    custom = render(
        source, opts={"empty": "Kosong", "empty_class": "", "labelledby": "h", "table_class": "stack"}
    )
    assert '<table class="stack" aria-labelledby="h">' in custom
    assert "<caption" not in custom
    assert '<td colspan="2">Kosong</td>' in custom
    assert "<td" not in render(source, opts={"empty": False})


def test_data_table_numbers_the_rows_when_the_call_asks() -> None:
    html = render(
        '{% from "macros.html" import data_table %}'
        '{% call(row, n) data_table("T", ["A"], rows, caption_hidden=false) %}'
        "<tr><td>{{ n }}{{ row }}</td></tr>{% endcall %}",
        rows=["a", "b"],
    )
    assert "<caption>T</caption>" in html
    assert "<td>1a</td>" in html
    assert "<td>2b</td>" in html


def test_pager_links_only_the_pages_that_exist() -> None:
    source = '{% from "macros.html" import pager %}{{ pager("Halaman", "Halaman 1", prev, next, **opts) }}'
    first = render(source, prev="", next="/x?page=2", opts={})
    assert '<nav class="actions" aria-label="Halaman">' in first
    assert 'rel="prev"' not in first
    assert '<a href="/x?page=2" rel="next">action.next_page</a>' in first
    assert '<nav class="pager"' in render(source, prev="/x?page=1", next="", opts={"nav_class": "pager"})
