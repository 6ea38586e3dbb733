"""voc.routing"""
