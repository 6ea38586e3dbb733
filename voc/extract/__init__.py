"""voc.extract"""
