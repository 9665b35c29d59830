"""Running the portal: backups and restores, retention (purge), and what the dashboard reports."""
