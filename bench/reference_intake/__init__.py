"""A pinned copy of the hand-written intake pages that forms as data replaced (bench only).

bench/forms.py serves these through the same views as the data-driven journey, so the two
can be compared in one run; tests compare the built-in adult definition with them so the
journey's pages cannot drift from what was hand-written. Never import this from portal/.
"""
