"""Speech recognition: model resolution and transcription."""
