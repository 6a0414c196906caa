"""Blogger's page chrome in a copied text, in the interface languages readers see it in.

A copy of a post page carries the page around the post: navigation, share menus, the post
footer ("Posted by … at 7:42 PM", "Labels:"), comment forms, sidebar widgets.  Blogger
words them in the *reader's* interface language, whatever the blog's: a maintainer whose
browser is set to Spanish copies "Publicado por … en 19:42" and "Etiquetas:".  After the
closing section the first chrome line ends the post, so every language Blogger's chrome
comes in must be known here, or its footer becomes part of "What it all means".

Lines are compared lower-cased, spaces collapsed and curly apostrophes made straight
(:func:`chrome_key`).  Pages (HTML) need none of this: their structure says where the post
ends (``read_html``).
"""

from __future__ import annotations

import re

#: Lines that are chrome whole, per interface language (keys as :func:`chrome_key` makes).
CHROME_LINES_BY_LANGUAGE: dict[str, frozenset[str]] = {
    # Contempo's share menu ("Get link", "Facebook", "X", "Pinterest", "Email", "Other
    # Apps"), the post footer, comment forms, sidebar widget titles, third-party templates.
    "en": frozenset(
        {
            "loading...", "loading\u2026", "loading", "home item", "powered by blogger.",
            "powered by blogger", "popular posts", "search this blog", "home", "newer post",
            "older post", "newer posts", "older posts", "subscribe to: post comments (atom)",
            "subscribe to: posts (atom)", "email this", "blogthis!", "share to x",
            "share to twitter", "share to facebook", "share to pinterest", "no comments:",
            "post a comment", "read more", "read more \u00bb", "show more", "show less",
            "click to read read more view all said: related posts default comments menu",
            "related posts", "comments", "menu", "share", "labels:", "report abuse",
            "get link", "facebook", "x", "twitter", "pinterest", "email", "other apps",
            "skip to main content", "search", "more\u2026", "more...", "more", "reply",
            "delete", "replies", "add comment", "load more...", "load more\u2026",
            "blog archive", "labels", "archive", "translate", "followers", "follow by email",
            "about me", "view my complete profile", "contact form", "total pageviews",
            "subscribe", "posts", "atom", "all comments", "post comments", "no comments",
            "comment", "whatsapp", "linkedin", "telegram", "print", "copy link",
            "visit profile", "you may like these posts", "previous post", "next post",
            "previous post next post", "facebook comments", "disqus comments",
            "default comments", "leave a comment", "tags", "tags:", "share:", "share this:",
            "share this post", "click to read", "view all", "email this post",
            "links to this post", "create a link", "newer posts home", "older posts home",
            "share this article", "sharing is caring", "related articles",
        }
    ),
    "es": frozenset(
        {
            "cargando...", "cargando\u2026", "ir al contenido principal", "página principal",
            "inicio", "entrada más reciente", "entrada antigua", "entradas más recientes",
            "entradas antiguas", "suscribirse a: enviar comentarios (atom)",
            "suscribirse a: entradas (atom)", "enviar por correo electrónico", "escribe un blog",
            "compartir en x", "compartir con twitter", "compartir con facebook",
            "compartir en pinterest", "no hay comentarios:", "publicar un comentario",
            "etiquetas:", "etiquetas", "denunciar abuso", "obtener enlace",
            "otras aplicaciones", "correo electrónico", "entradas populares",
            "buscar este blog", "archivo del blog", "datos personales", "ver todo mi perfil",
            "seguidores", "con la tecnología de blogger.", "con la tecnología de blogger",
            "comentarios", "responder", "eliminar", "respuestas", "añadir comentario",
            "cargar más...", "cargar más\u2026", "leer más", "leer más \u00bb", "más",
            "más\u2026", "mostrar más", "mostrar menos", "compartir", "buscar", "traducir",
            "entradas", "todos los comentarios",
        }
    ),
    "it": frozenset(
        {
            "caricamento in corso...", "caricamento in corso\u2026",
            "passa ai contenuti principali", "home page", "post più recente",
            "post più vecchio", "post più recenti", "post più vecchi",
            "iscriviti a: commenti sul post (atom)", "iscriviti a: post (atom)",
            "invia tramite email", "postalo sul blog", "condividi su x",
            "condividi su twitter", "condividi su facebook", "condividi su pinterest",
            "nessun commento:", "posta un commento", "etichette:", "etichette",
            "segnala una violazione", "ottieni link", "altre app", "post più popolari",
            "cerca nel blog", "archivio blog", "informazioni personali",
            "visualizza il mio profilo completo", "follower", "tecnologia blogger.",
            "tecnologia blogger", "commenti", "rispondi", "elimina", "risposte",
            "aggiungi commento", "carica altro...", "carica altro\u2026", "leggi tutto",
            "altro", "altro\u2026", "mostra altro", "mostra meno", "condividi", "cerca",
            "traduci", "post", "tutti i commenti",
        }
    ),
    "fr": frozenset(
        {
            "chargement...", "chargement\u2026", "accéder au contenu principal", "accueil",
            "article plus récent", "article plus ancien", "articles plus récents",
            "articles plus anciens", "s'abonner à : publier les commentaires (atom)",
            "s'abonner à : articles (atom)", "envoyer par e-mail", "partager sur x",
            "partager sur twitter", "partager sur facebook", "partager sur pinterest",
            "aucun commentaire:", "aucun commentaire :", "enregistrer un commentaire",
            "libellés :", "libellés:", "libellés", "signaler un abus", "obtenir le lien",
            "autres applications", "e-mail", "articles les plus consultés",
            "rechercher dans ce blog", "archives du blog", "qui êtes-vous ?",
            "qui êtes-vous", "afficher mon profil complet", "abonnés", "fourni par blogger.",
            "fourni par blogger", "commentaires", "répondre", "supprimer", "réponses",
            "ajouter un commentaire", "charger plus...", "charger plus\u2026", "lire la suite",
            "plus", "plus\u2026", "afficher plus", "afficher moins", "partager", "rechercher",
            "traduire", "articles", "tous les commentaires",
        }
    ),
    "de": frozenset(
        {
            "wird geladen...", "wird geladen\u2026", "direkt zum hauptbereich", "startseite",
            "neuerer post", "älterer post", "neuere posts", "ältere posts",
            "abonnieren kommentare zum post (atom)", "abonnieren posts (atom)",
            "diesen post per e-mail versenden", "auf x teilen", "auf twitter teilen",
            "in facebook freigeben", "auf pinterest teilen", "keine kommentare:",
            "kommentar veröffentlichen", "labels:", "missbrauch melden", "link abrufen",
            "weitere apps", "e-mail", "beliebte posts", "dieses blog durchsuchen",
            "blog-archiv", "über mich", "mein profil vollständig anzeigen", "follower",
            "powered by blogger.", "kommentare", "antworten", "löschen",
            "kommentar hinzufügen", "mehr laden...", "mehr laden\u2026", "weiterlesen",
            "mehr", "mehr\u2026", "mehr anzeigen", "weniger anzeigen", "teilen", "suchen",
            "übersetzen", "posts", "alle kommentare",
        }
    ),
    # Brazilian and European Portuguese word Blogger's chrome differently: both.
    "pt": frozenset(
        {
            "carregando...", "carregando\u2026", "a carregar...", "a carregar\u2026",
            "pular para o conteúdo principal", "avançar para o conteúdo principal",
            "página inicial", "postagem mais recente", "postagem mais antiga",
            "postagens mais recentes", "postagens mais antigas", "mensagem mais recente",
            "mensagem antiga", "mensagens mais recentes", "mensagens antigas",
            "assinar: postar comentários (atom)", "assinar: postagens (atom)",
            "subscrever: enviar feedback (atom)", "subscrever: mensagens (atom)",
            "enviar por e-mail", "postar no blog!", "dê a sua opinião!",
            "compartilhar no x", "compartilhar no twitter", "compartilhar no facebook",
            "compartilhar com o pinterest", "partilhar no x", "partilhar no twitter",
            "partilhar no facebook", "partilhar no pinterest", "nenhum comentário:",
            "sem comentários:", "postar um comentário", "enviar um comentário",
            "marcadores:", "marcadores", "etiquetas:", "denunciar abuso", "gerar link",
            "obter link", "outros aplicativos", "outras aplicações", "e-mail",
            "postagens mais visitadas", "mensagens populares", "pesquisar este blog",
            "pesquisar neste blogue", "arquivo do blog", "arquivo do blogue", "quem sou eu",
            "acerca de mim", "visualizar meu perfil completo", "ver o meu perfil completo",
            "seguidores", "tecnologia do blogger.", "com tecnologia do blogger.",
            "tecnologia do blogger", "com tecnologia do blogger", "comentários", "responder",
            "excluir", "eliminar", "respostas", "adicionar comentário", "carregar mais...",
            "carregar mais\u2026", "leia mais", "ler mais", "mais", "mais\u2026",
            "mostrar mais", "mostrar menos", "compartilhar", "partilhar", "pesquisar",
            "traduzir", "postagens", "mensagens", "todos os comentários",
        }
    ),
}  # fmt: skip

#: Every language's chrome lines: a copy's language is not known, and the sets do not clash
#: with a post's own lines (a heading is never "Comentários" alone).
CHROME_LINES = frozenset().union(*CHROME_LINES_BY_LANGUAGE.values())

# "Posted by", in each language, up to the poster's name; "at"/"on" before the time.
_POSTED_BY = (
    r"posted by|publicado por|pubblicato da|publié par|publiée par|eingestellt von"
    r"|gepostet von|postado por|publicada por"
)
_AT = r"at|on|en|a las|alle|à|um|às|à\(s\)"
# Lines that start or make chrome whole: footers, pagers, share rows run together by a copy
# ("Email ThisBlogThis!Share to X…"), theme credits, archive counts ("► 2025 (120)").
_CHROME_RE = re.compile(
    rf"^(?:(?:{_POSTED_BY})\b.*|labels?:.*|\d+ comments?:?|share (?:this|to|on)\b.*"
    r"|copyright\b.*|\u00a9.*|newer post.*older post.*|subscribe to:.*|search this blog.*"
    r"|(?:(?:newer|older) posts?|home)(?: (?:(?:newer|older) posts?|home))+"
    r"|email this ?blogthis!.*|.*\bpowered by blogger\b.*|theme images by\b.*"
    r"|location: [^.!?]{0,80}|reactions:(?: [\w ]+ \(\d+\))*"
    r"|\d+ (?:comments?|responses?|replies) (?:on|to)\b.*"
    r"|[\u25ba\u25bc\u25b6\u25b8] .*\(\d+\)|posted (?:on|at)\b.*|at \d{1,2}:\d{2}\s*[ap]\.?m\.?"
    # The same footers, pagers, counts and credits in Blogger's other interface languages.
    r"|(?:etiquetas|etichette|libellés|marcadores) ?:.*"
    r"|(?:enviar por correo electrónico|invia tramite email|envoyer par e-mail"
    r"|diesen post per e-mail versenden|enviar por e-mail)(?:escribe|postalo|blogthis"
    r"|postar|dê|compartir|condividi|partager|auf|in|compartilhar|partilhar).*"
    r"|\d+ (?:comentarios?|commenti|commento|commentaires?|kommentare?|comentários?) ?:?"
    r"|(?:compartir|condividi|partager|teilen|compartilhar|partilhar) (?:en|con|su|sur|auf"
    r"|no|com)\b.*"
    r"|(?:suscribirse a|iscriviti a|s'abonner à|abonnieren|assinar|subscrever) ?:?.*"
    r"|(?:entrada más reciente|post più recente|article plus récent|neuerer post"
    r"|postagem mais recente|mensagem mais recente)\b.*"
    r"|.*\b(?:con la tecnología de|tecnologia|fourni par|com tecnologia do|tecnologia do)"
    r" blogger\b.*"
    r"|(?:imágenes del tema|immagini dei temi|images de thèmes|design-bilder|imagens de tema)"
    r"\b.*"
    r"|(?:ubicación|posizione|emplacement|standort|localização|local): [^.!?]{0,80})$",
    re.I,
)

#: "Posted by Desk at 7:42 PM", "Publicado por Desk a las 19:42", "Eingestellt von Desk um
#: 07:42": the time of the post gives its edition (12-hour with AM/PM, or 24-hour).
_POSTED_AT_RE = re.compile(
    rf"^(?:(?:{_POSTED_BY}|posted)\b.{{0,80}}?\b(?:{_AT})\s+|at\s+)"
    r"(?P<hour>\d{1,2})[:.h](?P<minute>\d{2})"
    r"(?:\s*(?P<half>[ap])\.?\s?m\b\.?|\s*(?:uhr|h)?\s*$|\s)",
    re.I,
)
_POSTED_BY_RE = re.compile(rf"^(?:{_POSTED_BY})\s+(?P<name>.+?)(?:\s+(?:{_AT})\s+.*)?$", re.I)

_APOSTROPHES = str.maketrans("\u2019\u02bc`", "'''")


def chrome_key(text: str) -> str:
    """A line as the chrome tables hold it: lower case, spaces collapsed, apostrophes ``'``."""
    return " ".join(text.split()).lower().translate(_APOSTROPHES)


def is_chrome_line(text: str) -> bool:
    """Whether a line is Blogger chrome by its words (pictures are :func:`is_picture`'s)."""
    key = chrome_key(text)
    return key in CHROME_LINES or bool(_CHROME_RE.match(key))


def posted_by(lines: list[str]) -> set[str]:
    """Who posted, from "Posted by Dinar Desk at 7:42 PM" in any language (lower case)."""
    names = set()
    for line in lines:
        match = _POSTED_BY_RE.match(" ".join(line.split()))
        if match:
            names.add(match["name"].lower())
    return names


def posted_edition(lines: list[str]) -> str | None:
    """The edition the first "Posted by … at <time>" line gives, if the page has one.

    "7:42 PM" is PM; a 24-hour "19:42" is PM and "07:42" AM.  The hour after midnight
    ("12:10 AM", "00:10") is PM: the evening edition, posted late."""
    for line in lines:
        match = _POSTED_AT_RE.match(" ".join(line.split()))
        if match is None:
            continue
        hour, half = int(match["hour"]), match["half"]
        if half:
            if 1 <= hour <= 12:
                return "AM" if half.lower() == "a" and hour != 12 else "PM"
        elif 0 <= hour <= 23 and int(match["minute"]) < 60:
            return "AM" if 0 < hour < 12 else "PM"
    return None
