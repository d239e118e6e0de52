"""Named places and distances of the demo interest layers (RD New metres, approximate).

Hand-entered locations read off general maps (training areas, ports, datacentre zones,
business clusters, pipeline routes, corridors, the Hollandse Waterlinies, the Groene Hart)
and the distances of the proxies for interests 2, 3, 4, 6 and 8. All are assumptions of
the synthetic demo, used by :mod:`novex.demo.interests`.
"""

from __future__ import annotations

__all__ = [
    "ACCESS_BAND_M",
    "BORDER_ZONE_M",
    "BUSINESS_CLIMATE",
    "CITIES",
    "DATACENTER_ZONES",
    "DEFENCE_AREAS",
    "GROENE_HART",
    "INDUSTRY_ZONE_M",
    "INFRA_CORRIDORS",
    "PIPELINE_ROUTES",
    "PORTS",
    "ROAD_ZONE_M",
    "SCHIPHOL_NOISE_M",
    "STADSRAND_M",
    "STATION_AREA_M",
    "STELLING_VAN_AMSTERDAM",
    "WATERLINIE",
    "Point",
]

Point = tuple[float, float]

# Named places, RD New (x, y) in metres; approximate locations.
CITIES: dict[str, Point] = {
    "amsterdam": (121_500, 487_000),
    "rotterdam": (92_500, 437_500),
    "den_haag": (81_000, 455_000),
    "utrecht": (136_000, 456_000),
    "eindhoven": (161_500, 383_500),
    "arnhem": (191_000, 444_000),
    "nijmegen": (187_000, 428_000),
    "zwolle": (203_000, 502_000),
    "groningen": (233_500, 582_000),
    "breda": (112_000, 400_000),
    "venlo": (210_000, 375_000),
    "enschede": (258_000, 471_500),
    "maastricht": (176_500, 317_500),
    "amersfoort": (155_000, 463_000),
    "leeuwarden": (182_500, 579_000),
}
DEFENCE_AREAS: dict[str, tuple[float, float, float]] = {  # x, y, radius m
    "harskamp_veluwe": (180_000, 458_000, 5_000),
    "ede_ginkelse_heide": (176_000, 450_000, 2_500),
    "oirschot_oirschotse_heide": (150_000, 392_000, 3_000),
    "t_harde_oldebroek": (193_000, 495_000, 3_500),
    "marnewaard": (213_000, 600_000, 2_500),
    "havelte": (209_000, 537_000, 2_500),
    "vliehors": (125_000, 586_000, 3_000),
    "budel_weert": (170_000, 365_000, 2_000),
}
PORTS: dict[str, tuple[float, float, float]] = {
    "maasvlakte": (62_000, 443_000, 4_000),
    "botlek_europoort": (76_000, 435_000, 4_000),
    "amsterdam_westpoort": (113_500, 490_500, 3_000),
    "ijmuiden": (101_000, 497_000, 2_000),
    "terneuzen": (47_000, 369_000, 3_000),
    "vlissingen_oost": (37_000, 386_000, 2_500),
    "moerdijk": (101_000, 410_000, 3_000),
    "eemshaven": (253_000, 607_000, 2_500),
    "delfzijl": (261_000, 594_000, 2_000),
}
DATACENTER_ZONES: dict[str, tuple[float, float, float]] = {
    "middenmeer_agriport": (129_000, 535_500, 2_000),
    "eemshaven": (254_500, 606_000, 1_500),
    "zeewolde": (163_000, 484_000, 1_500),
    "amsterdam_schiphol": (110_000, 481_000, 2_000),
}
BUSINESS_CLIMATE: dict[str, tuple[float, float, float]] = {
    "mainport_schiphol": (111_000, 479_000, 4_000),
    "brainport_eindhoven": (158_000, 384_000, 5_000),
    "chemelot": (185_500, 330_000, 2_500),
    "greenport_westland": (72_000, 445_000, 4_000),
}
PIPELINE_ROUTES: dict[str, list[Point]] = {  # Landelijke buisleidingenstraten (schematic)
    "rotterdam_moerdijk_antwerpen": [(78_000, 435_000), (100_000, 410_000), (82_000, 382_000)],
    "rotterdam_chemelot": [(100_000, 410_000), (150_000, 390_000), (185_000, 330_000)],
    "eemshaven_delfzijl": [(253_000, 607_000), (261_000, 594_000)],
    "botlek_amsterdam": [(78_000, 435_000), (95_000, 460_000), (113_500, 490_500)],
}
INFRA_CORRIDORS: list[tuple[str, str]] = [  # hoofdinfrastructuur between big cities
    ("amsterdam", "utrecht"),
    ("amsterdam", "den_haag"),
    ("den_haag", "rotterdam"),
    ("rotterdam", "utrecht"),
    ("rotterdam", "breda"),
    ("breda", "eindhoven"),
    ("utrecht", "eindhoven"),
    ("eindhoven", "venlo"),
    ("eindhoven", "maastricht"),
    ("utrecht", "arnhem"),
    ("arnhem", "nijmegen"),
    ("utrecht", "amersfoort"),
    ("amersfoort", "zwolle"),
    ("zwolle", "groningen"),
    ("zwolle", "leeuwarden"),
    ("arnhem", "enschede"),
    ("amsterdam", "amersfoort"),
]
# Hollandse Waterlinies (schematic): Nieuwe Hollandse Waterlinie Muiden - Utrecht oost -
# Biesbosch, Stelling van Amsterdam as a ring around Amsterdam.
WATERLINIE: list[Point] = [
    (130_000, 482_000),
    (140_000, 468_000),
    (141_000, 455_000),
    (135_000, 440_000),
    (125_000, 426_000),
    (115_000, 418_000),
]
STELLING_VAN_AMSTERDAM: tuple[float, float, float] = (117_000, 488_000, 16_000)

# Distances of the proxies for interests 2, 3, 4, 6 and 8 (metres, assumptions).
STADSRAND_M = 1_000.0
"""Stadsrandzone: open land within this distance of the urban area (interest 2)."""
BORDER_ZONE_M = 5_000.0
"""Grenszone: land within this distance of Belgium or Germany (interest 3)."""
INDUSTRY_ZONE_M = 1_500.0
"""Milieuzone (noise, odour, external safety) beyond the edge of ports and chemical sites (interest 4)."""
SCHIPHOL_NOISE_M = 7_000.0
"""Radius of the schematic Schiphol noise zone (interest 4)."""
ROAD_ZONE_M = 300.0
"""Noise and air-quality zone on either side of a main corridor (interest 4)."""
STATION_AREA_M = 1_200.0
"""Stationsgebied: within this distance of an OV-knooppunt (interest 6)."""
ACCESS_BAND_M = 5_000.0
"""Urban area within this distance of an OV-knooppunt, beyond the station area (interest 8)."""
GROENE_HART: tuple[float, float, float, float] = (110_000, 455_000, 20_000, 13_000)
