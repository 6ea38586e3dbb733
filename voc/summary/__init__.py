"""voc.summary"""
