"""Training import: a roster, an LMS completion export or weekly active users, from CSV or
XLSX. Every row is checked first (nothing is written); then the trainer either imports the valid
rows only, or fixes the file and uploads it again."""

from __future__ import annotations

import hashlib

import streamlit as st

from rollout.errors import InputError
from rollout.escaping import escape_markdown, escape_markdown_block
from rollout.services import import_columns, import_training_file
from rollout.training.imports import FIELDS, MAX_IMPORT_BYTES, ImportKind
from rollout.ui import state
from rollout.ui.translation import _
from rollout.ui.workspace import open_workspace, run_or_stop

ws = open_workspace()
lang = state.current_language()
KINDS = {ImportKind.ROSTER: _("Roster (people to train)"),
         ImportKind.COMPLETIONS: _("Completions (LMS export)"),
         ImportKind.ADOPTION: _("Weekly active users")}
ENCODINGS = {"": _("detect"), "utf-8": "UTF-8", "utf-16": "UTF-16",
             "windows-1256": "Windows-1256"}
DELIMITERS = {"": _("detect"), ",": _("comma"), ";": _("semicolon"), "\t": _("tab"),
              "|": _("vertical bar")}
IGNORE = ""

st.title(_("Training import"))
st.caption(_("Rows are checked first and nothing is written until you choose. Dates may be "
             "ISO, Excel serials, day/month/year or Jalali (1403/01/15, also in Persian "
             "digits); Arabic ي and ك are read as Persian ی and ک."))
state.show_flash()

kind = st.radio(_("What the file holds"), list(KINDS), format_func=KINDS.__getitem__,
                horizontal=True, key="training_import_kind")
upload = st.file_uploader(_("CSV or XLSX file"), type=["csv", "txt", "xlsx"],
                          key="training_import_file")
with st.expander(_("Encoding and delimiter")):
    encoding = st.selectbox(_("Encoding"), list(ENCODINGS), format_func=ENCODINGS.__getitem__,
                            key="training_import_encoding")
    delimiter = st.selectbox(_("Delimiter"), list(DELIMITERS),
                             format_func=DELIMITERS.__getitem__, key="training_import_delimiter")
if upload is None:
    st.stop()
if upload.size > MAX_IMPORT_BYTES:
    st.error(_("The file is larger than {limit} MB; split it.",
               limit=MAX_IMPORT_BYTES // (1024 * 1024)))
    st.stop()
data = upload.getvalue()
source = upload.name
chosen_encoding, chosen_delimiter = encoding or None, delimiter or None
columns, suggested = run_or_stop(lambda: import_columns(
    ws.db, actor=ws.actor, organisation_id=ws.organisation_id, data=data, kind=kind,
    encoding=chosen_encoding, delimiter=chosen_delimiter, source=source, lang=lang))

# --- which column holds which field ------------------------------------------------------------
st.subheader(_("Columns"))
st.caption(_("Recognised headers and this organisation's last mapping are preselected; the "
             "mapping you import with is remembered."))
fields = [IGNORE, *[f.value for f in FIELDS[kind]]]
file_key = hashlib.sha256(data[:4096] + kind.value.encode()).hexdigest()[:12]
mapping: dict[str, str] = {}
grid = st.columns(3)
for i, column in enumerate(columns):
    default = suggested.get(column, IGNORE)
    mapping[column] = grid[i % 3].selectbox(
        column or _("(no header)"), fields, index=fields.index(default),
        format_func=lambda f: f or _("(ignore)"), key=f"training_map_{file_key}_{i}") or "ignore"

# --- the dry run --------------------------------------------------------------------------------
bar = st.progress(0.0, text=_("Checking rows…"))
estimated_rows = max(1, data.count(b"\n"))


def progress(rows: int) -> None:
    bar.progress(min(1.0, rows / estimated_rows), text=_("{rows} rows checked…", rows=rows))


try:
    result = import_training_file(ws.db, actor=ws.actor, organisation_id=ws.organisation_id,
                                  data=data, kind=kind, dry_run=True, mapping=mapping,
                                  encoding=chosen_encoding, delimiter=chosen_delimiter,
                                  source=source, lang=lang, progress=progress)
except InputError as exc:
    bar.empty()
    st.error(escape_markdown_block(str(exc)))
    st.stop()
bar.empty()
preview = result.preview
read_as = (_("XLSX workbook") if preview.file_format == "xlsx" else
           _("CSV, {encoding}, delimiter {delimiter}", encoding=preview.encoding,
             delimiter=DELIMITERS.get(preview.delimiter or "", preview.delimiter or "")))
st.caption(_("Read as: {read_as}. Check that the names below look right: if they do not, choose "
             "the encoding above.", read_as=escape_markdown(read_as)))
counts = st.columns(3)
counts[0].metric(_("Rows"), preview.total)
counts[1].metric(_("Valid"), preview.valid)
counts[2].metric(_("Rejected"), preview.rejected)
if preview.errors:
    st.subheader(_("Rows with errors"))
    st.dataframe([{_("Row"): e.row, _("Column"): e.column, _("Value"): e.value,
                   _("Problem"): e.message} for e in preview.errors],
                 hide_index=True, width="stretch")
    if preview.error_count > len(preview.errors):
        st.caption(_("The first {shown} of {count} errors.", shown=len(preview.errors),
                     count=preview.error_count))
if preview.rows:
    st.subheader(_("First valid rows"))
    st.dataframe([{k: "" if v is None else str(v) for k, v in r.values.items()
                   if k not in ("trainee_id", "course_id")} for r in preview.rows[:20]],
                 hide_index=True, width="stretch")

# --- the choice ---------------------------------------------------------------------------------
if not preview.rows:
    st.info(_("No valid row to import: fix the file and upload it again."))
    st.stop()
if preview.rejected:
    st.warning(_("{rejected} of {total} rows have errors. Import the {valid} valid rows only, or "
                 "fix the file and upload it again (nothing is written until you choose).",
                 rejected=preview.rejected, total=preview.total, valid=preview.valid))
    choice = st.columns(2)
    go = choice[0].button(_("Import valid rows only"), type="primary", key="training_import_valid")
    if choice[1].button(_("Fix and retry"), key="training_import_retry"):
        st.info(_("Nothing was imported. Correct the rows listed above and upload the file "
                  "again."))
        st.stop()
else:
    go = st.button(_("Import {count} rows", count=preview.valid), type="primary",
                   key="training_import_all")
if go:
    done = run_or_stop(lambda: import_training_file(
        ws.db, actor=ws.actor, organisation_id=ws.organisation_id, data=data, kind=kind,
        dry_run=False, valid_rows_only=True, mapping=mapping, encoding=chosen_encoding,
        delimiter=chosen_delimiter, source=source, lang=lang))
    state.flash(_("Imported: {written} rows written, {unchanged} already there, {rejected} "
                  "rejected.", written=done.written, unchanged=done.unchanged,
                  rejected=done.preview.rejected))
    st.rerun()
