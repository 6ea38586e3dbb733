"""voc.emotion"""
