"""mbc-audio: patient-education documents into a spoken, chaptered audio guide."""

__version__ = "0.1.0"
