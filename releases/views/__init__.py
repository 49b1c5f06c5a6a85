"""The release pages (anyone reads them) and SECAS's in-place edits of them."""
