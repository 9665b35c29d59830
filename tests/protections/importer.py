"""Mutations that must each make a test fail: the importer never publishes what is not public."""

MUTATIONS = [
    {
        "name": "held-posts-never-published",
        "protects": "private, password-protected and draft-marked posts are saved as drafts",
        "file": "portal/shelf/importer/save.py",
        "find": "publish = publish and not parsed.hold_reason",
        "replace": "publish = publish",
        "tests": [
            "tests/test_shelf_importer_corpus.py::"
            "test_wordpress_private_and_protected_posts_are_never_public"
        ],
    },
    {
        "name": "password-protected-posts-held",
        "protects": "a WordPress post with wp:post_password is held as a draft",
        "file": "portal/shelf/importer/wxr.py",
        "find": 'if values.get("wp:post_password"):',
        "replace": "if False:",
        "tests": [
            "tests/test_shelf_importer_corpus.py::"
            "test_wordpress_private_and_protected_posts_are_never_public"
        ],
    },
]
