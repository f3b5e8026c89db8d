"""French word lists for the demo portfolio: people, companies, places, business units.

This is demo *content* (a French network), not user-interface text: it is not translated.
"""

from __future__ import annotations

# fmt: off

FIRST_NAMES_F: tuple[str, ...] = (
    "Adèle", "Agnès", "Amélie", "Anaïs", "Aurélie", "Bérénice", "Camille", "Cécile", "Céline", "Chloé",
    "Claire", "Delphine", "Élodie", "Éloïse", "Émilie", "Estelle", "Florence", "Gaëlle", "Geneviève",
    "Hélène", "Inès", "Isabelle", "Laëtitia", "Laure", "Léa", "Louise", "Lucie", "Maëlle", "Manon", "Marie",
    "Mathilde", "Mélanie", "Nathalie", "Noémie", "Océane", "Ophélie", "Renée", "Séverine", "Solène", "Sophie",
    "Soizic", "Sylvie", "Thérèse", "Valérie", "Véronique", "Zoé", "Aïcha", "Yasmine",
)

FIRST_NAMES_M: tuple[str, ...] = (
    "Alexandre", "André", "Antoine", "Baptiste", "Benoît", "Cédric", "Christophe", "Clément", "Damien",
    "Denis", "Emmanuel", "Éric", "Étienne", "Fabien", "François", "Frédéric", "Gaëtan", "Grégoire",
    "Guillaume", "Hervé", "Jérémie", "Jérôme", "Joël", "Julien", "Karim", "Léon", "Loïc", "Marc", "Mathis",
    "Maxime", "Michaël", "Nicolas", "Noël", "Olivier", "Pascal", "Philippe", "Pierre", "Raphaël", "Rémi",
    "Romain", "Sébastien", "Stéphane", "Thibault", "Thomas", "Yann", "Yannick", "Mehdi", "Hugo",
)

LAST_NAMES: tuple[str, ...] = (
    "Arnaud", "Aubert", "Barbier", "Béranger", "Bérard", "Bertrand", "Blanchard", "Bonnet", "Boucher",
    "Bouvier", "Brunet", "Caron", "Chaumont", "Chevalier", "Collet", "Da Silva", "Delacroix", "Deschamps",
    "Dubois", "Dufour", "Dumas", "Dupré", "Durand", "Fabre", "Faure", "Fontaine", "Fournier", "Garnier",
    "Gauthier", "Gérard", "Giraud", "Guérin", "Haddad", "Hamel", "Hébert", "Jacquet", "Joly", "Kerjean",
    "Lacroix", "Lambert", "Le Bihan", "Le Goff", "Lebrun", "Leclerc", "Lefèvre", "Léger", "Lemaître",
    "Lemoine", "Leroy", "Marchand", "Marchetti", "Martin", "Masson", "Mathé", "Mercier", "Meunier", "Morel",
    "Moulin", "Muller", "Nguyen", "Noël", "Perrin", "Petit", "Picard", "Poirier", "Renaud", "Rivière",
    "Robin", "Roche", "Rousseau", "Roux", "Royer", "Schmitt", "Sénéchal", "Simon", "Thévenin", "Vasseur",
    "Vidal", "Vincent", "Zimmermann", "Benali", "Moreau", "Girard", "Côté", "Besnard", "Ménard", "Lelièvre",
    "Pelletier",
)

#: Hand-picked names used first, so even a small demo shows accents and ligatures.
SHOWCASE_NAMES: tuple[str, ...] = (
    "Œuvre Numérique", "Intégra Conseil", "Éditions Logicielles du Rhône", "Hélios Réseaux",
    "Cévennes Infogérance", "Émeraude Sécurité", "Ouessant Data", "Bœuf & Lefèvre Associés",
)

NAME_HEADS: tuple[str, ...] = (
    "Œuvre", "Intégra", "Axiome", "Nova", "Hélios", "Atlas", "Cèdre", "Émeraude", "Azur", "Orée", "Arpège",
    "Boréal", "Cévennes", "Armor", "Vauban", "Lumière", "Étoile", "Horizon", "Équinoxe", "Ouessant",
    "Galilée", "Mistral", "Sirius", "Opale", "Zénith", "Écrin", "Phare", "Alizé", "Ariane", "Quartz", "Oméga",
    "Pléiade", "Méridien", "Altitude", "Cristal", "Sésame", "Aquilon", "Kerlann", "Bréhat", "Éole", "Lémanis",
    "Sénart", "Vercors", "Céladon",
)

NAME_CORES: tuple[str, ...] = (
    "Numérique", "Conseil", "Informatique", "Systèmes", "Réseaux", "Data", "Cloud", "Services", "Solutions",
    "Télécom", "Sécurité", "Ingénierie", "Logiciels", "Digital", "Technologies", "Infogérance", "Intégration",
    "Bureautique", "Connect", "Expertise", "Énergie Numérique", "IT",
)

NAME_QUALIFIERS: tuple[str, ...] = (
    "du Rhône", "de Bretagne", "d'Aquitaine", "des Alpes", "de l'Ouest", "du Sud-Est", "Méditerranée",
    "de Normandie", "d'Alsace", "du Léman", "de Provence", "des Flandres", "de Loire", "Île-de-France",
    "Occitanie", "du Nord", "de Lorraine", "de Bourgogne", "du Centre", "de Savoie", "Atlantique", "Pyrénées",
    "Auvergne", "Champagne", "Picardie", "de la Côte d'Opale", "du Périgord",
)

NAME_HOUSES: tuple[str, ...] = ("Groupe", "Cabinet", "Atelier", "Éditions", "Société", "Maison")

#: Type-specific name cores (distributors and software publishers have recognisable names).
TYPE_CORES: dict[str, tuple[str, ...]] = {
    "distributor": ("Distribution", "Diffusion", "Grossiste Informatique", "Distri-Tech"),
    "isv": ("Software", "Éditions Logicielles", "Logiciels", "Applications"),
    "consultancy": ("Conseil", "Consulting", "Stratégie & Conseil"),
    "msp": ("Infogérance", "Services Managés", "Cloud Services"),
}

LEGAL_FORMS_BY_COUNTRY: dict[str, tuple[str, ...]] = {
    "France": ("SAS", "SAS", "SARL", "SA", "SASU", "EURL"),
    "Belgique": ("SRL", "SA", "SC"),
    "Suisse": ("Sàrl", "SA"),
    "Luxembourg": ("S.à r.l.", "SA"),
}

#: (city, postcode, region, country, phone prefix, time zone)
CITIES_FR: tuple[tuple[str, str, str, str, str, str], ...] = tuple(
    (city, postcode, region, "France", prefix, "Europe/Paris")
    for city, postcode, region, prefix in (
        ("Paris", "75008", "Île-de-France", "1"), ("Paris", "75011", "Île-de-France", "1"),
        ("Boulogne-Billancourt", "92100", "Île-de-France", "1"), ("Nanterre", "92000", "Île-de-France", "1"),
        ("Versailles", "78000", "Île-de-France", "1"), ("Créteil", "94000", "Île-de-France", "1"),
        ("Évry-Courcouronnes", "91000", "Île-de-France", "1"), ("Cergy", "95000", "Île-de-France", "1"),
        ("Montreuil", "93100", "Île-de-France", "1"), ("Lyon", "69002", "Auvergne-Rhône-Alpes", "4"),
        ("Villeurbanne", "69100", "Auvergne-Rhône-Alpes", "4"),
        ("Grenoble", "38000", "Auvergne-Rhône-Alpes", "4"),
        ("Saint-Étienne", "42000", "Auvergne-Rhône-Alpes", "4"),
        ("Clermont-Ferrand", "63000", "Auvergne-Rhône-Alpes", "4"),
        ("Annecy", "74000", "Auvergne-Rhône-Alpes", "4"), ("Chambéry", "73000", "Auvergne-Rhône-Alpes", "4"),
        ("Valence", "26000", "Auvergne-Rhône-Alpes", "4"),
        ("Bourg-en-Bresse", "01000", "Auvergne-Rhône-Alpes", "4"),
        ("Marseille", "13001", "Provence-Alpes-Côte d'Azur", "4"),
        ("Aix-en-Provence", "13100", "Provence-Alpes-Côte d'Azur", "4"),
        ("Nice", "06000", "Provence-Alpes-Côte d'Azur", "4"),
        ("Toulon", "83000", "Provence-Alpes-Côte d'Azur", "4"),
        ("Avignon", "84000", "Provence-Alpes-Côte d'Azur", "4"),
        ("Valbonne", "06560", "Provence-Alpes-Côte d'Azur", "4"),
        ("Toulouse", "31000", "Occitanie", "5"), ("Montpellier", "34000", "Occitanie", "4"),
        ("Nîmes", "30000", "Occitanie", "4"), ("Perpignan", "66000", "Occitanie", "4"),
        ("Béziers", "34500", "Occitanie", "4"), ("Albi", "81000", "Occitanie", "5"),
        ("Bordeaux", "33000", "Nouvelle-Aquitaine", "5"), ("Limoges", "87000", "Nouvelle-Aquitaine", "5"),
        ("Poitiers", "86000", "Nouvelle-Aquitaine", "5"), ("Pau", "64000", "Nouvelle-Aquitaine", "5"),
        ("La Rochelle", "17000", "Nouvelle-Aquitaine", "5"), ("Niort", "79000", "Nouvelle-Aquitaine", "5"),
        ("Nantes", "44000", "Pays de la Loire", "2"), ("Angers", "49000", "Pays de la Loire", "2"),
        ("Le Mans", "72000", "Pays de la Loire", "2"), ("Saint-Nazaire", "44600", "Pays de la Loire", "2"),
        ("Rennes", "35000", "Bretagne", "2"), ("Brest", "29200", "Bretagne", "2"),
        ("Quimper", "29000", "Bretagne", "2"), ("Vannes", "56000", "Bretagne", "2"),
        ("Lorient", "56100", "Bretagne", "2"), ("Saint-Malo", "35400", "Bretagne", "2"),
        ("Lille", "59000", "Hauts-de-France", "3"), ("Roubaix", "59100", "Hauts-de-France", "3"),
        ("Amiens", "80000", "Hauts-de-France", "3"), ("Valenciennes", "59300", "Hauts-de-France", "3"),
        ("Strasbourg", "67000", "Grand Est", "3"), ("Metz", "57000", "Grand Est", "3"),
        ("Nancy", "54000", "Grand Est", "3"), ("Reims", "51100", "Grand Est", "3"),
        ("Mulhouse", "68100", "Grand Est", "3"), ("Colmar", "68000", "Grand Est", "3"),
        ("Troyes", "10000", "Grand Est", "3"), ("Dijon", "21000", "Bourgogne-Franche-Comté", "3"),
        ("Besançon", "25000", "Bourgogne-Franche-Comté", "3"), ("Rouen", "76000", "Normandie", "2"),
        ("Caen", "14000", "Normandie", "2"), ("Le Havre", "76600", "Normandie", "2"),
        ("Évreux", "27000", "Normandie", "2"), ("Orléans", "45000", "Centre-Val de Loire", "2"),
        ("Tours", "37000", "Centre-Val de Loire", "2"), ("Chartres", "28000", "Centre-Val de Loire", "2"),
        ("Châteauroux", "36000", "Centre-Val de Loire", "2"), ("Ajaccio", "20000", "Corse", "4"),
        ("Bastia", "20200", "Corse", "4"),
    )
)

CITIES_ABROAD: tuple[tuple[str, str, str, str, str, str], ...] = (
    ("Bruxelles", "1000", "Bruxelles-Capitale", "Belgique", "32 2", "Europe/Brussels"),
    ("Liège", "4000", "Wallonie", "Belgique", "32 4", "Europe/Brussels"),
    ("Namur", "5000", "Wallonie", "Belgique", "32 81", "Europe/Brussels"),
    ("Charleroi", "6000", "Wallonie", "Belgique", "32 71", "Europe/Brussels"),
    ("Louvain-la-Neuve", "1348", "Wallonie", "Belgique", "32 10", "Europe/Brussels"),
    ("Genève", "1201", "Genève", "Suisse", "41 22", "Europe/Zurich"),
    ("Lausanne", "1003", "Vaud", "Suisse", "41 21", "Europe/Zurich"),
    ("Neuchâtel", "2000", "Neuchâtel", "Suisse", "41 32", "Europe/Zurich"),
    ("Fribourg", "1700", "Fribourg", "Suisse", "41 26", "Europe/Zurich"),
    ("Luxembourg", "L-2540", "Luxembourg", "Luxembourg", "352 2", "Europe/Luxembourg"),
    ("Esch-sur-Alzette", "L-4002", "Luxembourg", "Luxembourg", "352 5", "Europe/Luxembourg"),
)

STREETS: tuple[str, ...] = (
    "rue de la République", "avenue Jean-Jaurès", "boulevard Victor-Hugo", "place de l'Église", "rue Pasteur",
    "allée des Érables", "quai de la Fosse", "rue du Général-de-Gaulle", "chemin des Vignes",
    "impasse des Tilleuls", "rue Émile-Zola", "avenue de la Libération", "rue des Écoles", "cours Lafayette",
    "rue Gambetta", "parc d'activités du Moulin", "ZI des Châtaigniers", "rue de l'Hôtel-de-Ville",
    "boulevard de Strasbourg", "rue Édouard-Herriot",
)

PARTNER_TAGS: tuple[str, ...] = (
    "grands comptes", "secteur public", "PME", "santé", "industrie", "collectivités", "éducation", "commerce",
    "banque-assurance", "transport",
)

#: (masculine, feminine) job titles of partner contacts.
CONTACT_ROLES: tuple[tuple[str, str], ...] = (
    ("Directeur général", "Directrice générale"),
    ("Directeur commercial", "Directrice commerciale"),
    ("Responsable avant-vente", "Responsable avant-vente"),
    ("Ingénieur systèmes", "Ingénieure systèmes"),
    ("Architecte cloud", "Architecte cloud"),
    ("Chef de projet", "Cheffe de projet"),
    ("Responsable marketing", "Responsable marketing"),
    ("Directeur administratif et financier", "Directrice administrative et financière"),
    ("Technicien support", "Technicienne support"),
    ("Consultant sécurité", "Consultante sécurité"),
    ("Ingénieur avant-vente", "Ingénieure avant-vente"),
    ("Responsable des partenariats", "Responsable des partenariats"),
    ("Commercial grands comptes", "Commerciale grands comptes"),
    ("Responsable technique", "Responsable technique"),
    ("Ingénieur données", "Ingénieure données"),
    ("Administrateur réseaux", "Administratrice réseaux"),
)

#: Business units of our own company: (unit, stakeholder relation, (masculine, feminine) roles).
BUSINESS_UNITS: tuple[tuple[str, str, tuple[tuple[str, str], ...]], ...] = (
    ("Direction générale", "executive_sponsor", (
        ("Directeur des ventes indirectes", "Directrice des ventes indirectes"),
        ("Directeur général adjoint", "Directrice générale adjointe"),
    )),
    ("Ventes", "account_executive", (
        ("Ingénieur commercial", "Ingénieure commerciale"),
        ("Responsable grands comptes", "Responsable grands comptes"),
    )),
    ("Ventes Mid-Market", "account_executive", (
        ("Directeur commercial Mid-Market", "Directrice commerciale Mid-Market"),
        ("Ingénieur commercial", "Ingénieure commerciale"),
    )),
    ("Marketing partenaires", "marketing", (
        ("Chargé de marketing", "Chargée de marketing"),
        ("Responsable marketing canal", "Responsable marketing canal"),
    )),
    ("Avant-vente", "presales", (
        ("Architecte solutions", "Architecte solutions"),
        ("Ingénieur avant-vente", "Ingénieure avant-vente"),
    )),
    ("Support", "support", (
        ("Responsable support partenaires", "Responsable support partenaires"),
        ("Technical account manager", "Technical account manager"),
    )),
    ("Finance", "finance_legal", (
        ("Contrôleur de gestion", "Contrôleuse de gestion"),
        ("Responsable crédit clients", "Responsable crédit clients"),
    )),
    ("Juridique", "finance_legal", (("Juriste contrats", "Juriste contrats"),)),
    ("BU Cloud", "executive_sponsor", (
        ("Directeur BU Cloud", "Directrice BU Cloud"),
        ("Spécialiste cloud", "Spécialiste cloud"),
    )),
    ("BU Sécurité", "presales", (("Spécialiste cybersécurité", "Spécialiste cybersécurité"),)),
)

INFLUENCES: tuple[str, ...] = ("high", "medium", "medium", "low")

STANCES: tuple[str, ...] = ("champion", "neutral", "neutral", "sceptic")

#: Customers of customer references: patterns filled with a city or a surname.
CUSTOMER_PATTERNS: tuple[str, ...] = (
    "Mairie de {city}", "CHU de {city}", "Métropole de {city}", "Clinique Saint-Éloi de {city}",
    "Transports {name}", "Boulangeries {name}", "Groupe {name} Industrie", "Lycée Jules-Verne de {city}",
    "Laboratoires {name}", "Coopérative agricole de {city}", "Hôtels {name}", "Mutuelle de {city}",
    "Caisse régionale de {city}", "Fromageries {name}", "Chantiers navals {name}", "Université de {city}",
)
