"""voc.prosody"""
