"""voc.jobs"""
