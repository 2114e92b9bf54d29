"""The HubSpot demo export's vocabulary: column names, value spellings and weights (data only).

``python_jobs.generate.hubspot`` draws from these lists; its docstring describes the planted structure they
serve. Weights are relative within each list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

EXPORT_COLUMNS: tuple[str, ...] = (
    "Record ID",
    "First Name",
    "Last Name",
    "Email",
    "Phone Number",
    "Mobile Phone Number",
    "Broadcast Clicks",
    "LinkedIn Clicks",
    "Twitter Clicks",
    "Facebook Clicks",
    "Number of Sessions",
    "Number of Pageviews",
    "Number of Form Submissions",
    "Original Source",
    "Original Source Drill-Down 1",
    "Original Source Drill-Down 2",
    "Canal de adquisición",
    "Latest Traffic Source",
    "Last Referring Site",
    "Likelihood to close",
    "Actividades de promoción APREU",
    "Periodo de ingreso",
    "Periodo de admisión BPM",
    "Create Date",
    "Close Date",
    "Lifecycle Stage",
    "Propiedad del contacto",
    "IP Country",
    "IP State/Region",
    "Ciudad preparatoria BPM",
    "Preparatoria BPM",
    "Estado de preparatoria BPM",
    "Estado de procedencia",
    "País preparatoria BPM",
    "First Conversion",
    "Recent Conversion",
    "First Conversion Date",
    "Recent Conversion Date",
    "¿Cuál es el nombre de tu preparatoria?",
    "Preparatoria donde estudia",
    "¿Qué año de preparatoria estás cursando?",
    "Marketing emails delivered",
    "Marketing emails opened",
    "Marketing emails clicked",
)

PII_COLUMNS: tuple[str, ...] = ("First Name", "Last Name", "Email", "Phone Number", "Mobile Phone Number")

# Export name -> the internal/alias name SEED_FACTS lists for it (``--header-style internal``).
INTERNAL_HEADER_NAMES: Mapping[str, str] = {
    "Record ID": "hs_object_id",
    "Number of Sessions": "hs_analytics_num_visits",
    "Number of Pageviews": "hs_analytics_num_page_views",
    "Number of Form Submissions": "num_unique_conversion_events",
    "Original Source": "hs_analytics_source",
    "Original Source Drill-Down 1": "hs_analytics_source_data_1",
    "Original Source Drill-Down 2": "hs_analytics_source_data_2",
    "Latest Traffic Source": "hs_latest_source",
    "Last Referring Site": "hs_analytics_last_referrer",
    "Likelihood to close": "hs_likelihood_to_close",
    "Lifecycle Stage": "hs_lifecyclestage",
    "Propiedad del contacto": "Contact Owner",
    "Periodo de ingreso": "Periodo de ingreso a licenciatura (MQL)",
    "Periodo de admisión BPM": "Periodo de admisión BPM (Solicitante → Nuevo Ingreso)",
    "Marketing emails delivered": "hs_email_delivered",
    "Marketing emails opened": "hs_email_open",
    "Marketing emails clicked": "hs_email_click",
}

# Activities, conversions: (value, weight). Group membership is checked against the notebook keyword
# lists by the tests, so a vocabulary edit cannot silently move a contact to another group.
ACTIVITIES: Mapping[str, Sequence[tuple[str, float]]] = {
    "digital": (
        ("Sitio web", 8580),
        ("Formulario web RUA", 5261),
        ("Google Ads", 300),
        ("Facebook Ads", 300),
        ("Landing page Licenciaturas", 150),
        ("Formulario de contacto", 150),
    ),
    # Digital only under the notebook's substring rule ('form' inside 'informativas').
    "digital_quirk": (
        ("Sesiones informativas foráneas", 7764),
        ("Sesiones informativas locales", 2082),
        ("Sesión informativa virtual", 200),
    ),
    "neutral": (
        ("Interius - Inbound", 8437),
        ("Cotizador", 3735),
        ("BPM", 1877),
        ("Landbot", 1633),
        ("Test OV", 1094),
        ("Visita a preparatoria", 700),
        ("Pláticas en preparatorias", 500),
        ("Taller vocacional", 300),
        ("Concurso de matemáticas", 200),
        ("Torneo de robótica", 150),
        ("Olimpiada de conocimientos", 120),
        ("Simulador de examen", 300),
        ("Base comprada", 250),
        ("Kahoot Challenge", 100),
    ),
    "event": (
        ("Open Day", 2246),
        ("Feria universitaria", 600),
        ("Expo Universidades", 400),
        ("Recorrido por campus", 300),
        ("Fogatada 2023", 256),
        ("Webinar Ingenierías", 250),
        ("Día de puertas abiertas", 200),
        ("Conferencia vocacional", 150),
        ("Evento carreras 2024", 120),
        ("Gira Panamá 2023", 60),
    ),
    "messaging": (
        ("WhatsApp", 300),
        ("Llamada de seguimiento", 150),
        ("Chat en vivo", 100),
        ("Mensaje directo Instagram", 60),
        ("Messenger", 40),
    ),
    "niche": (
        ("Lion Leaders", 20),
        ("Beca", 6),
        ("Beca Excelencia", 6),
        ("Becas deportivas", 6),
        ("Intercambio", 4),
        ("Programa de embajadores", 4),
        ("Referido alumni", 4),
    ),
}

CONVERSIONS: Mapping[str, Sequence[tuple[str, float]]] = {
    "digital": (
        ("Solicita información - Licenciaturas: Formulario web RUA", 5),
        ("Sitio web: Formulario de contacto", 3),
        ("Landing Page Google Ads: Solicitud de información", 2),
    ),
    "neutral": (
        ("Cotizador: Calcula tu colegiatura", 3),
        ("Interius: Registro", 3),
        ("Test OV: Resultados", 2),
        ("BPM: Registro de aspirante", 2),
    ),
    "event": (("Registro Open Day", 3), ("Registro Fogatada 2023", 1), ("Registro Feria universitaria", 1)),
    "messaging": (("Landbot WhatsApp: Chat de bienvenida", 1),),
    "niche": (("Solicitud de Beca Excelencia", 1), ("Registro Lion Leaders", 1)),
}


@dataclass(frozen=True)
class State:
    """A Mexican state: its dropdown name, weight among domestic contacts, spellings, cities, IP name."""

    name: str
    weight: float
    variants: tuple[str, ...]  # recognised by the notebook's STATE_NORMALIZATION (after norm_txt)
    odd_variants: tuple[str, ...]  # not recognised there: only written when a country is also present
    cities: tuple[str, ...]
    ip_name: str


# fmt: off
DOMESTIC_STATES: tuple[State, ...] = (
    State("Guanajuato", 0.218, ("Guanajuato", "guanajuato", "Gto", "GTO"), ("Gto.",),
          ("León", "Celaya", "Irapuato", "Guanajuato"), "Guanajuato"),
    State("Michoacán", 0.100, ("Michoacán", "michoacan", "Mich", "MICHOACÁN"), ("Michoacán de Ocampo",),
          ("Morelia", "Uruapan", "Zamora"), "Michoacan"),
    State("Sinaloa", 0.091, ("Sinaloa", "sinaloa", "Sin", "SINALOA"), (),
          ("Culiacán", "Mazatlán", "Los Mochis"), "Sinaloa"),
    State("Estado de México", 0.090, ("Estado de México", "edo mex", "Edomex", "Edo. Mex.", "México"),
          ("Estado de Mexico (Edomex)",), ("Toluca", "Naucalpan", "Metepec"), "State of Mexico"),
    State("Ciudad de México", 0.073,
          ("Ciudad de México", "CDMX", "cdmx", "DF", "Distrito Federal", "cuidad de mexico"), (),
          ("Ciudad de México", "Coyoacán", "Tlalpan"), "Mexico City"),
    State("Hidalgo", 0.051, ("Hidalgo", "hidalgo", "Hgo"), ("Hgo.",),
          ("Pachuca", "Tula de Allende"), "Hidalgo"),
    State("San Luis Potosí", 0.050, ("San Luis Potosí", "san luis potosi", "SLP"), ("S.L.P.",),
          ("San Luis Potosí", "Ciudad Valles"), "San Luis Potosi"),
    State("Jalisco", 0.045, ("Jalisco", "jalisco", "Jal"), ("Jal.",), ("Guadalajara", "Zapopan"), "Jalisco"),
    State("Sonora", 0.040, ("Sonora", "sonora", "Son"), (), ("Hermosillo", "Ciudad Obregón"), "Sonora"),
    State("Nuevo León", 0.030, ("Nuevo León", "nuevo leon", "NL"), ("N.L.",),
          ("Monterrey", "San Pedro Garza García"), "Nuevo Leon"),
    State("Puebla", 0.030, ("Puebla", "puebla", "Pue"), (), ("Puebla", "Tehuacán"), "Puebla"),
    State("Veracruz", 0.030, ("Veracruz", "veracruz", "Ver"), ("Veracruz de Ignacio de la Llave",),
          ("Xalapa", "Veracruz"), "Veracruz"),
    State("Guerrero", 0.020, ("Guerrero", "guerrero", "Gro"), (), ("Acapulco", "Chilpancingo"), "Guerrero"),
    State("Chihuahua", 0.020, ("Chihuahua", "chihuahua", "Chih"), (),
          ("Chihuahua", "Ciudad Juárez"), "Chihuahua"),
    State("Baja California", 0.015, ("Baja California", "baja california", "BC"), (),
          ("Tijuana", "Mexicali"), "Baja California"),
    State("Oaxaca", 0.015, ("Oaxaca", "oaxaca", "Oax"), (), ("Oaxaca de Juárez",), "Oaxaca"),
    State("Chiapas", 0.015, ("Chiapas", "chiapas", "Chis"), (), ("Tuxtla Gutiérrez",), "Chiapas"),
    State("Tamaulipas", 0.015, ("Tamaulipas", "tamaulipas", "Tamps"), (),
          ("Tampico", "Reynosa"), "Tamaulipas"),
    State("Coahuila", 0.010, ("Coahuila", "coahuila", "Coah"), ("Coahuila de Zaragoza",),
          ("Saltillo", "Torreón"), "Coahuila"),
    State("Zacatecas", 0.010, ("Zacatecas", "zacatecas", "Zac"), (), ("Zacatecas", "Fresnillo"), "Zacatecas"),
    State("Aguascalientes", 0.010, ("Aguascalientes", "aguascalientes", "Ags"), (),
          ("Aguascalientes",), "Aguascalientes"),
    State("Morelos", 0.010, ("Morelos", "morelos", "Mor"), (), ("Cuernavaca",), "Morelos"),
    State("Tabasco", 0.008, ("Tabasco", "tabasco", "Tab"), (), ("Villahermosa",), "Tabasco"),
    State("Yucatán", 0.008, ("Yucatán", "yucatan", "Yuc"), (), ("Mérida",), "Yucatan"),
    State("Quintana Roo", 0.006, ("Quintana Roo", "quintana roo", "Q.Roo"), (),
          ("Cancún", "Chetumal"), "Quintana Roo"),
    State("Durango", 0.006, ("Durango", "durango", "Dgo"), (), ("Durango",), "Durango"),
    State("Nayarit", 0.005, ("Nayarit", "nayarit", "Nay"), (), ("Tepic",), "Nayarit"),
    State("Tlaxcala", 0.005, ("Tlaxcala", "tlaxcala", "Tlax"), (), ("Tlaxcala",), "Tlaxcala"),
    State("Colima", 0.004, ("Colima", "colima", "Col"), (), ("Colima", "Manzanillo"), "Colima"),
    State("Campeche", 0.003, ("Campeche", "campeche", "Camp"), (), ("Campeche",), "Campeche"),
    State("Baja California Sur", 0.003, ("Baja California Sur", "baja california sur", "BCS"), (),
          ("La Paz",), "Baja California Sur"),
)
# fmt: on

QRO_STATE_VARIANTS: tuple[tuple[str, float], ...] = (
    ("Querétaro", 0.45),
    ("queretaro", 0.15),
    ("Qro.", 0.08),
    ("QRO", 0.07),
    ("QUERÉTARO", 0.07),
    ("Querétaro de Arteaga", 0.08),
    ("Santiago de Querétaro", 0.04),
    ("Querétaro, Qro", 0.03),
    ("queretaro qro", 0.03),
)
QRO_CITIES: tuple[tuple[str, float], ...] = (
    ("Querétaro", 0.35),
    ("Santiago de Querétaro", 0.15),
    ("Corregidora", 0.15),
    ("El Marqués", 0.12),
    ("San Juan del Río", 0.1),
    ("Juriquilla", 0.08),
    ("qro", 0.05),
)
INTERNATIONAL_MARKERS: tuple[tuple[str, float], ...] = (
    ("Soy extranjero", 0.7),
    ("Extranjero", 0.2),
    ("Foreign country", 0.05),
    ("International", 0.05),
)
FOREIGN_PLACES: tuple[tuple[str, str, str, str], ...] = (
    # (country as written in the prep-school field, IP country, IP region, city)
    ("Estados Unidos", "United States", "Texas", "Houston"),
    ("Estados Unidos", "United States", "Florida", "Miami"),
    ("Estados Unidos", "United States", "Illinois", "Chicago"),
    ("Colombia", "Colombia", "Antioquia", "Medellín"),
    ("Colombia", "Colombia", "Bogota D.C.", "Bogotá"),
    ("Panamá", "Panama", "Panama", "Ciudad de Panamá"),
    ("Guatemala", "Guatemala", "Guatemala", "Ciudad de Guatemala"),
    ("Ecuador", "Ecuador", "Pichincha", "Quito"),
    ("Perú", "Peru", "Lima", "Lima"),
    ("España", "Spain", "Madrid", "Madrid"),
    ("Venezuela", "Venezuela", "Distrito Capital", "Caracas"),
    ("Honduras", "Honduras", "Francisco Morazan", "Tegucigalpa"),
    ("Costa Rica", "Costa Rica", "San Jose", "San José"),
    ("Canadá", "Canada", "Ontario", "Toronto"),
)
MEXICO_SPELLINGS: tuple[tuple[str, float], ...] = (
    ("México", 0.5),
    ("Mexico", 0.3),
    ("MX", 0.1),
    ("mexico", 0.1),
)

FIRST_NAMES: tuple[str, ...] = (
    "María José", "Sofía", "Valentina", "Regina", "Ximena", "Camila", "Fernanda", "Andrea", "Daniela",
    "Mariana", "Renata", "Ana Paula", "Isabella", "Natalia", "Paulina", "José Luis", "Santiago", "Sebastián",
    "Diego", "Emiliano", "Mateo", "Leonardo", "Rodrigo", "Alejandro", "Juan Pablo", "Carlos", "Andrés",
    "Miguel Ángel", "Iker", "Ricardo", "Jesús", "Luis Fernando", "Héctor", "Bruno", "Gael",
)  # fmt: skip
LAST_NAMES: tuple[str, ...] = (
    "Hernández", "García", "Martínez", "López", "González", "Pérez", "Rodríguez", "Sánchez", "Ramírez",
    "Cruz", "Flores", "Gómez", "Morales", "Vázquez", "Jiménez", "Reyes", "Díaz", "Torres", "Gutiérrez",
    "Ruiz", "Mendoza", "Aguilar", "Ortiz", "Moreno", "Castillo", "Romero", "Álvarez", "Chávez", "Rivera",
    "Juárez", "Ramos", "Domínguez", "Herrera", "Medina", "Castro", "Vargas", "Núñez", "Ibarra", "Olvera",
)  # fmt: skip
PREP_PREFIXES: tuple[str, ...] = (
    "Colegio", "Instituto", "Preparatoria", "Liceo", "Centro Educativo", "Bachillerato",
    "Escuela Preparatoria",
)  # fmt: skip
PREP_NAMES: tuple[str, ...] = (
    "Cumbres", "Real de Querétaro", "Montessori", "del Bosque", "San Javier", "Salesiano", "Asunción",
    "Franco Mexicano", "Británico", "Los Altos", "Juriquilla", "Marista", "Lasalle", "Vista Hermosa",
    "Miguel Hidalgo", "Benito Juárez", "Sor Juana", "Tecnológico", "Humanista", "Hispano", "Americano",
    "del Valle", "Reforma", "Independencia", "Santa Fe", "Jean Piaget", "Carol Baur", "Álamos", "Cervantes",
)  # fmt: skip
PUBLIC_PREPS: tuple[str, ...] = ("CBTIS", "COBAQ Plantel", "CONALEP", "Prepa UAQ Plantel", "CECyTE Plantel")

PAID_CAMPAIGNS: tuple[tuple[str, float], ...] = (
    ("campaña sonora - agosto 2020", 3),
    ("Lead Ads - Open Day, otoño 2023", 2),
    ('"Vive la experiencia" - Licenciaturas 2024', 2),
    ("Licenciaturas 2024 | Conversiones", 2),
    ("remarketing_prepa_qro_2022", 1),
)
SEARCH_TERMS: tuple[tuple[str, float], ...] = (
    ("universidad en queretaro", 4),
    ("licenciaturas queretaro", 3),
    ("SEM - Licenciaturas 2024", 2),
    ("Keywords unavailable", 3),
    ("becas universidad", 1),
)
IMPORT_NAMES: tuple[tuple[str, float], ...] = (
    ("Base Expo Bachiller 2022.xlsx", 3),
    ("prepas sonora, feria 2021.csv", 2),
    ('Leads "Fogatada" 2023.xlsx', 1),
    ("Campaña semestre primavera 2024", 2),
    ("Formulario BPM", 2),
    ("Landbot", 2),
    ("Zapier", 1),
)
LIFECYCLE_LADDER: tuple[str, ...] = (
    "subscriber",
    "lead",
    "marketingqualifiedlead",
    "salesqualifiedlead",
    "opportunity",
    "customer",
    "evangelist",
)
