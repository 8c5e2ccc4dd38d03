#!/usr/bin/env python3
"""Makes tests/fixtures/fonts/JixiaoTestPUA.ttf: a tiny font that stands for an office's own
font with a self-made character (造字) in the private use area. It maps U+E000 and the ASCII
letter X to a filled square. Needs fontTools (pip install fonttools); run from the repository
root. The output is committed; rerun only to change it."""
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen

def square():
    pen = TTGlyphPen(None)
    pen.moveTo((100, -100)); pen.lineTo((100, 800)); pen.lineTo((900, 800)); pen.lineTo((900, -100))
    pen.closePath()
    return pen.glyph()

fb = FontBuilder(1000, isTTF=True)
fb.setupGlyphOrder([".notdef", "square"])
fb.setupCharacterMap({0xE000: "square", ord("X"): "square"})
fb.setupGlyf({".notdef": TTGlyphPen(None).glyph(), "square": square()})
fb.setupHorizontalMetrics({".notdef": (500, 0), "square": (1000, 100)})
fb.setupHorizontalHeader(ascent=880, descent=-120)
fb.setupNameTable({"familyName": "Jixiao Test PUA", "styleName": "Regular",
                   "psName": "JixiaoTestPUA-Regular", "fullName": "Jixiao Test PUA Regular",
                   "copyright": "Public domain test fixture of the jixiao project"})
fb.setupOS2(sTypoAscender=880, sTypoDescender=-120, usWinAscent=880, usWinDescent=120, usWeightClass=400)
fb.setupPost()
fb.save("tests/fixtures/fonts/JixiaoTestPUA.ttf")
