"""The market room: the prospects pipeline, campaigns with marketing and customer development."""
