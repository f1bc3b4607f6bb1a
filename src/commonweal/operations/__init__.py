"""Running a Commonweal site: back up and restore the database and the media files."""
