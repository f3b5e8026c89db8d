"""French phrases for the demo's visits, reports, actions and notes (demo content, not translated).

Placeholders: ``{contact}`` (a partner contact), ``{competency}`` and ``{family}`` (names of competencies
the partner works on; ``family`` stands for its product line), ``{tier}`` (the next tier's name),
``{city}``, ``{region}``, ``{code}`` (a certification code).
"""

from __future__ import annotations

VISIT_OBJECTIVES: tuple[str, ...] = (
    "Revue trimestrielle d'activité",
    "Plan de développement de la compétence {competency}",
    "Point sur le renouvellement du contrat",
    "Préparation du plan d'affaires annuel",
    "Présentation de la nouvelle offre {family}",
    "Revue du pipeline en co-vente",
    "Accompagnement sur une opportunité client",
    "Point certifications et formations",
    "Revue des objectifs du trimestre",
    "Réunion d'escalade avec le support",
    "Préparation du passage au niveau {tier}",
)
ONBOARDING_OBJECTIVE = "Lancement du partenariat : accueil et intégration"
AGENDAS: tuple[str, ...] = (
    "1. Chiffre d'affaires du trimestre\n2. Pipeline\n3. Certifications\n4. Prochaines étapes",
    "1. Tour de table\n2. Offre {family}\n3. Plan marketing commun\n4. Questions diverses",
    "1. Bilan de l'année\n2. Objectifs et niveau {tier}\n3. Plan de formation\n4. Contrat",
    "1. Opportunités en cours\n2. Besoins en avant-vente\n3. Références clients {competency}",
)
EVENT_TITLES: tuple[str, ...] = (
    "Club partenaires {region}",
    "Journée technique {family}",
    "Tour de France partenaires : étape de {city}",
    "Petit-déjeuner cybersécurité à {city}",
    "Séminaire annuel des partenaires {region}",
)
EVENT_PLACES: tuple[str, ...] = (
    "Centre de congrès de {city}",
    "Hôtel de la Gare, {city}",
    "Agence de {city}",
    "Espace Lumière, {city}",
)
OUTCOMES_DONE: tuple[str, ...] = (
    "Plan d'action validé avec le partenaire.",
    "Objectifs confirmés pour le trimestre.",
    "Deux opportunités identifiées en co-vente.",
    "Formation de deux ingénieurs planifiée.",
    "Renouvellement du contrat en bonne voie.",
    "Engagement faible : partenaire à relancer.",
    "Accord sur un plan marketing commun.",
)
OUTCOMES_CANCELLED: tuple[str, ...] = (
    "Annulée : indisponibilité du partenaire.",
    "Reportée à la demande du partenaire.",
    "Annulée : grève des transports.",
)
#: Report sections: (key of the report template, bodies, internal-only).
REPORT_SECTIONS: tuple[tuple[str, tuple[str, ...], bool], ...] = (
    (
        "context",
        (
            "Rencontre avec {contact} pour faire le point sur l'activité {family}.",
            "Le partenaire a recruté deux commerciaux et souhaite accélérer sur {competency}.",
            "Réunion demandée par le partenaire après la perte d'un appel d'offres.",
        ),
        False,
    ),
    (
        "discussed",
        (
            "Chiffre d'affaires en hausse sur le trimestre ; pipeline solide sur {family}.",
            "Besoin d'un appui avant-vente sur deux projets ; certification {code} à renouveler.",
            "Revue des références clients et du plan de formation de l'équipe technique.",
        ),
        False,
    ),
    (
        "next_steps",
        (
            "Envoyer la proposition de plan marketing ; caler un atelier technique.",
            "Planifier les examens de certification ; partager les supports de l'offre {family}.",
            "Point de suivi dans un mois avec {contact}.",
        ),
        False,
    ),
    (
        "opportunities",
        (
            "Partenaire solide mais dépendant d'un seul client ; à diversifier.",
            "Bon candidat au niveau {tier} d'ici deux trimestres.",
            "Encours client élevé signalé par la finance : pas de remise supplémentaire pour l'instant.",
        ),
        True,
    ),
    (
        "competition",
        (
            "Risque de départ vers un concurrent si les remises ne sont pas revues.",
            "Un concurrent cherche à débaucher l'ingénieur le plus certifié.",
        ),
        True,
    ),
)
ACTION_TITLES: tuple[str, ...] = (
    "Envoyer le compte rendu au partenaire",
    "Inscrire deux ingénieurs à la certification {code}",
    "Organiser une démonstration chez le client",
    "Transmettre la grille tarifaire à jour",
    "Préparer l'avenant au contrat",
    "Faire valider les références clients {competency}",
    "Relancer le partenaire sur le pipeline",
    "Planifier le prochain comité de pilotage",
    "Demander un budget de marketing partenaire",
    "Vérifier l'encours avec la finance",
)
NOTES_SHARED: tuple[str, ...] = (
    "Échange téléphonique avec {contact} : le partenaire souhaite développer la compétence {competency}.",
    "Rendez-vous très positif, bonne dynamique commerciale sur {family}.",
    "Le partenaire envisage de viser le niveau {tier} l'an prochain.",
    "Demande d'accès au portail partenaires pour deux nouveaux commerciaux.",
    "Beau succès : une nouvelle référence client en {competency}.",
    "{contact} confirme sa participation à la journée technique de {city}.",
    "Questions sur les remises distributeur ; réponse envoyée par courriel.",
    "Deux ingénieurs en préparation de la certification {code}.",
    "Le partenaire déménage ses bureaux à {city} le mois prochain.",
)
NOTES_INTERNAL: tuple[str, ...] = (
    "Interne : relation tendue avec le support après le dernier incident.",
    "Interne : retard de paiement signalé par la finance, ne pas engager de remise.",
    "Interne : {contact} est notre meilleur relais, à ménager.",
    "Interne : le partenaire discute aussi avec un concurrent direct.",
    "Interne : chiffre d'affaires {family} en baisse, à surveiller avant la revue.",
)
NOTES_STAKEHOLDER: tuple[str, ...] = (
    "Soutien fort pour les partenaires de la région {region}.",
    "Préfère être prévenu(e) avant toute remise exceptionnelle.",
    "Disponible pour les rendez-vous clients stratégiques.",
)
NOTE_TAGS: tuple[str, ...] = (
    "compte-rendu",
    "certification",
    "contrat",
    "pipeline",
    "marketing",
    "support",
    "finance",
    "escalade",
    "opportunité",
)
VIDEO_PLACES: tuple[str, ...] = ("Visioconférence Teams", "Visioconférence", "Google Meet")
