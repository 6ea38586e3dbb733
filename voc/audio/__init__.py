"""voc.audio"""
