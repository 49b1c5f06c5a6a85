"""The Release Implementation Document: a view of its release, generated from the release's data.

`content.rid_snapshot(release)` gathers the whole document as plain JSON data; `render` turns a
snapshot (live, or a baseline's frozen one) into the page's HTML or the PDF, without a query.
"""
