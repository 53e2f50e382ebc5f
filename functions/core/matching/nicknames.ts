// Given names that are the same person's: English diminutives and common short forms. Each
// group is one name's family; a name may sit in several (Sandy: Alexander, Alexandra, Sandra).
const GROUPS: readonly (readonly string[])[] = [
  ['WILLIAM', 'BILL', 'BILLY', 'WILL', 'WILLIE', 'WILLY', 'LIAM'],
  ['ROBERT', 'BOB', 'BOBBY', 'ROB', 'ROBBIE', 'BERT'],
  ['RICHARD', 'DICK', 'RICH', 'RICHIE', 'RICKY', 'RICK'],
  ['JAMES', 'JIM', 'JIMMY', 'JAMIE', 'JIMMIE'],
  ['JOHN', 'JACK', 'JOHNNY', 'JON', 'JOHNNIE'],
  ['JONATHAN', 'JON', 'JONNY', 'JONNIE'],
  ['MARGARET', 'MAGGIE', 'MEG', 'MEGAN', 'PEGGY', 'PEG', 'MADGE', 'MARGE', 'MAISIE', 'GRETA', 'RITA'],
  [
    'ELIZABETH',
    'LIZ',
    'LIZZIE',
    'BETH',
    'BETTY',
    'BETSY',
    'ELIZA',
    'LIBBY',
    'LISA',
    'BESS',
    'BESSIE',
    'ELSIE',
    'LILIBET',
  ],
  [
    'KATHERINE',
    'CATHERINE',
    'KATHRYN',
    'CATHRYN',
    'KATE',
    'KATIE',
    'KATY',
    'KATHY',
    'CATHY',
    'KAT',
    'KITTY',
    'KIT',
  ],
  ['MARY', 'MOLLY', 'POLLY', 'MAE', 'MAMIE'],
  ['ANNE', 'ANN', 'ANNA', 'ANNIE', 'NANCY', 'NAN', 'HANNAH'],
  ['SARAH', 'SARA', 'SALLY', 'SADIE'],
  ['SUSAN', 'SUE', 'SUZIE', 'SUSIE', 'SUZANNE', 'SUSANNAH'],
  ['PATRICIA', 'PAT', 'PATSY', 'PATTY', 'TRISH', 'TRICIA'],
  ['PATRICK', 'PAT', 'PADDY'],
  ['JENNIFER', 'JENNY', 'JEN', 'JENNIE'],
  ['EDWARD', 'ED', 'EDDIE', 'TED', 'TEDDY', 'NED'],
  ['EDMUND', 'ED', 'EDDIE', 'NED'],
  ['HENRY', 'HARRY', 'HAL', 'HANK'],
  ['THOMAS', 'TOM', 'TOMMY'],
  ['MICHAEL', 'MIKE', 'MICK', 'MICKY', 'MIKEY'],
  ['DAVID', 'DAVE', 'DAVY', 'DAVIE'],
  ['CHRISTOPHER', 'CHRIS', 'KIT'],
  ['CHRISTINE', 'CHRISTINA', 'CHRIS', 'CHRISSIE', 'TINA', 'KIRSTY', 'KIRSTEN'],
  ['ALEXANDER', 'ALEX', 'ALEC', 'SANDY', 'XANDER', 'ALI'],
  ['ALEXANDRA', 'ALEX', 'ALEXA', 'SANDY', 'SANDRA', 'LEXI'],
  ['SAMUEL', 'SAM', 'SAMMY'],
  ['SAMANTHA', 'SAM', 'SAMMY'],
  ['ANTHONY', 'TONY', 'ANT'],
  ['ANDREW', 'ANDY', 'DREW'],
  ['STEPHEN', 'STEVEN', 'STEVE', 'STEVIE'],
  ['FREDERICK', 'FRED', 'FREDDIE', 'FREDDY'],
  ['ALFRED', 'ALF', 'ALFIE', 'FRED'],
  ['ALBERT', 'BERT', 'BERTIE', 'AL'],
  ['HERBERT', 'BERT', 'HERB'],
  ['CHARLES', 'CHARLIE', 'CHAS', 'CHUCK'],
  ['CHARLOTTE', 'CHARLIE', 'LOTTIE', 'LOTTY'],
  ['DANIEL', 'DAN', 'DANNY'],
  ['DONALD', 'DON', 'DONNIE'],
  ['GEOFFREY', 'JEFFREY', 'GEOFF', 'JEFF'],
  ['GERALD', 'GERRY', 'JERRY'],
  ['JOSEPH', 'JOE', 'JOEY'],
  ['JOSEPHINE', 'JO', 'JOSIE'],
  ['JOANNE', 'JOANNA', 'JO'],
  ['LAWRENCE', 'LAURENCE', 'LARRY', 'LAURIE'],
  ['LEONARD', 'LEN', 'LENNY', 'LEO'],
  ['NICHOLAS', 'NICK', 'NICKY', 'NICO'],
  ['NICOLA', 'NICOLE', 'NICKY', 'NIKKI'],
  ['PETER', 'PETE'],
  ['PHILIP', 'PHILLIP', 'PHIL', 'PIP'],
  ['RONALD', 'RON', 'RONNIE'],
  ['RAYMOND', 'RAY'],
  ['STANLEY', 'STAN'],
  ['TERENCE', 'TERRENCE', 'TERRY'],
  ['TIMOTHY', 'TIM', 'TIMMY'],
  ['VICTOR', 'VIC'],
  ['VICTORIA', 'VICKY', 'VICKI', 'TORI'],
  ['WALTER', 'WALLY', 'WALT'],
  ['BENJAMIN', 'BEN', 'BENNY'],
  ['KENNETH', 'KEN', 'KENNY'],
  ['MATTHEW', 'MATT', 'MATTY'],
  ['NATHAN', 'NATHANIEL', 'NAT', 'NATE'],
  ['NATALIE', 'NATASHA', 'NAT', 'TASHA'],
  ['OLIVER', 'OLLIE', 'OLLY'],
  ['OLIVIA', 'LIV', 'LIVVY', 'OLLIE'],
  ['ROSEMARY', 'ROSE', 'ROSIE'],
  ['ROSALIND', 'ROSE', 'ROS', 'ROZ'],
  ['SIDNEY', 'SYDNEY', 'SID'],
  ['VALERIE', 'VAL'],
  ['VIVIENNE', 'VIVIAN', 'VIV'],
  ['DOROTHY', 'DOT', 'DOTTIE', 'DOLLY', 'DOROTHEA'],
  ['FRANCES', 'FRANCIS', 'FRAN', 'FRANNIE', 'FRANKIE', 'FANNY'],
  ['FRANCIS', 'FRANK', 'FRANKIE'],
  ['GABRIEL', 'GABE', 'GABBY'],
  ['GABRIELLE', 'GABRIELLA', 'GABBY', 'ELLA'],
  ['GREGORY', 'GREG'],
  ['DOUGLAS', 'DOUG', 'DOUGIE'],
  ['DEBORAH', 'DEBRA', 'DEBBIE', 'DEB'],
  ['REBECCA', 'BECKY', 'BECCA', 'BEX'],
  ['ABIGAIL', 'ABBY', 'ABBIE', 'GAIL'],
  ['AMANDA', 'MANDY', 'MANDA'],
  ['BARBARA', 'BARB', 'BABS'],
  ['CAROLINE', 'CAROLYN', 'CAROL', 'CARRIE', 'CARO'],
  ['EILEEN', 'AILEEN', 'EILY'],
  ['EVELYN', 'EVIE', 'EVE', 'LYN'],
  ['HELEN', 'HELENA', 'ELLIE', 'NELL', 'NELLIE'],
  ['ELEANOR', 'ELEANORE', 'ELLIE', 'NELL', 'NELLIE', 'NORA'],
  ['ISABEL', 'ISABELLA', 'ISABELLE', 'IZZY', 'BELLA', 'ISOBEL'],
  ['JACQUELINE', 'JACKIE', 'JACKY'],
  ['JUDITH', 'JUDY', 'JUDE'],
  ['LOUISE', 'LOUISA', 'LOU', 'LULU'],
  ['LOUIS', 'LEWIS', 'LOU'],
  ['MAUREEN', 'MO'],
  ['MAURICE', 'MO'],
  ['MOHAMMED', 'MOHAMMAD', 'MUHAMMAD', 'MOHAMED', 'MUHAMMED', 'MO'],
  ['PAMELA', 'PAM'],
  ['PENELOPE', 'PENNY'],
  ['THERESA', 'TERESA', 'TESS', 'TESSA', 'TERRI', 'TERRY'],
  ['ZACHARY', 'ZACH', 'ZAC', 'ZAK'],
  ['AGNIESZKA', 'AGA', 'AGNES'],
  ['ALEKSANDER', 'OLEK', 'ALEK'],
  ['KRZYSZTOF', 'KRZYS'],
  ['MALGORZATA', 'GOSIA', 'MAGDA'],
  ['SIOBHAN', 'SHIV'],
  ['IAN', 'IAIN', 'EAN'],
  ['KATHLEEN', 'KATH', 'KATHY', 'KAY'],
  ['CATHERINE', 'KATHERINE', 'KAY'],
  ['MARY', 'MAY'],
  ['DAVID', 'DAVEY'],
  ['LESLIE', 'LESLEY', 'LES'],
  ['HAROLD', 'HARRY', 'HAL'],
  ['GILLIAN', 'JILLIAN', 'JILL', 'GILL'],
  ['BEVERLEY', 'BEVERLY', 'BEV'],
  ['STEPHANIE', 'STEPH'],
  ['JESSICA', 'JESS', 'JESSIE'],
  ['WINIFRED', 'WINNIE', 'WIN'],
  ['FLORENCE', 'FLO', 'FLORRIE', 'FLOSSIE'],
  ['LILIAN', 'LILLIAN', 'LILY', 'LIL'],
  ['ALBERT', 'ALBIE'],
  ['NORMAN', 'NORM'],
  ['ERNEST', 'ERNIE'],
  ['GWENDOLINE', 'GWENDOLYN', 'GWEN'],
  ['DAFYDD', 'DAI', 'DAVID'],
  ['PADRAIG', 'PADDY', 'PATRICK'],
  ['BRIDGET', 'BRIDIE', 'BIDDY'],
  ['KATARZYNA', 'KASIA'],
  ['ALEKSANDRA', 'OLA'],
  ['MAGDALENA', 'MAGDA'],
  ['WOJCIECH', 'WOJTEK'],
  ['MALGORZATA', 'MALGOSIA'],
  ['CHUKWUEMEKA', 'EMEKA'],
  ['OLUWASEUN', 'SEUN'],
  ['FUNMILAYO', 'FUNMI'],
  ['ABIMBOLA', 'BOLA'],
  ['DOROTHY', 'DOLL'],
  ['SANDRA', 'SANDY'],
  ['VICTORIA', 'TORY'],
];

/**
 * One spelling for a diminutive's variants: Mickey, Mickie and Micky; Jimmie and Jimmy. Only after
 * a consonant, so that Joey is not read as Joy.
 */
export function diminutiveForm(name: string): string {
  if (name.length < 5 || !(name.endsWith('IE') || name.endsWith('EY'))) return name;
  const stem = name.slice(0, -2);
  return /[^AEIOU]$/.test(stem) ? `${stem}Y` : name;
}

/**
 * One name spelt more than one way. Parents do not give twins one name in two spellings, so these
 * never stand for a twin's name the way a distinct form does (Henry and Harry, Julie and Julia).
 */
const MUHAMMAD = ['MUHAMMAD', 'MOHAMMED', 'MOHAMMAD', 'MOHAMED', 'MUHAMMED', 'MOHAMAD', 'MUHAMED'];
const SPELLINGS: readonly (readonly string[])[] = [
  MUHAMMAD,
  ['KATHERINE', 'CATHERINE', 'KATHRYN', 'CATHRYN', 'KATHARINE'],
  ['STEPHEN', 'STEVEN'],
  ['PHILIP', 'PHILLIP'],
  ['GEOFFREY', 'JEFFREY', 'JEFFERY'],
  ['LAWRENCE', 'LAURENCE'],
  ['SEAN', 'SHAUN', 'SHAWN'],
  ['IAN', 'IAIN'],
  ['GRAHAM', 'GRAEME'],
  ['ISABEL', 'ISOBEL', 'ISABELLE'],
  ['TERENCE', 'TERRENCE'],
  ['SIDNEY', 'SYDNEY'],
  ['THERESA', 'TERESA'],
  ['DEBORAH', 'DEBRA'],
  ['EILEEN', 'AILEEN'],
  ['ELEANOR', 'ELEANORE', 'ELINOR'],
  ['LILIAN', 'LILLIAN'],
  ['GILLIAN', 'JILLIAN'],
  ['BEVERLEY', 'BEVERLY'],
  ['GWENDOLINE', 'GWENDOLYN'],
  ['CAROLINE', 'CAROLYN'],
  ['SARAH', 'SARA'],
  ['ANNE', 'ANN'],
  ['ALAN', 'ALLAN', 'ALLEN'],
  ['BRIAN', 'BRYAN'],
  ['COLIN', 'COLLIN'],
  ['CARL', 'KARL'],
  ['MARK', 'MARC'],
  ['NEIL', 'NEAL'],
  ['AARON', 'ARRON', 'ARON'],
  ['CALLUM', 'CALUM'],
  ['JAYDEN', 'JADEN', 'JAIDEN'],
  ['LILY', 'LILLY', 'LILLIE'],
  ['MATTHEW', 'MATHEW'],
  ['NICHOLAS', 'NICOLAS'],
  ['ZOE', 'ZOEY'],
  ['AHMED', 'AHMAD'],
  ['HUSSAIN', 'HUSSEIN', 'HUSAIN'],
  ['HASSAN', 'HASAN'],
  ['YUSUF', 'YOUSUF', 'YOUSEF', 'YOUSSEF'],
  ['FATIMA', 'FATIMAH', 'FATEMA'],
  ['AISHA', 'AYESHA', 'AYSHA', 'AISHAH'],
];
const SPELLING_OF = new Map(SPELLINGS.flatMap((names, index) => names.map((name) => [name, index] as const)));

/** Every family of names the comparisons know: forms of a name, and one name's spellings. */
const FAMILIES: readonly (readonly string[])[] = [...GROUPS, ...SPELLINGS];

const GROUPS_OF = new Map<string, number[]>();
/** The same, by diminutive form: a spelling the table lacks (Mickey) finds its family (Micky). */
const GROUPS_BY_FORM = new Map<string, number[]>();
FAMILIES.forEach((group, index) => {
  for (const name of group) {
    GROUPS_OF.set(name, [...(GROUPS_OF.get(name) ?? []), index]);
    const form = diminutiveForm(name);
    const known = GROUPS_BY_FORM.get(form) ?? [];
    if (!known.includes(index)) GROUPS_BY_FORM.set(form, [...known, index]);
  }
});

/** The families a name belongs to, under its own spelling or another spelling of a diminutive. */
function groupsOf(name: string): number[] | undefined {
  return GROUPS_OF.get(name) ?? GROUPS_BY_FORM.get(diminutiveForm(name));
}

/** True when two different normalised given names belong to one family of names. */
export function areNicknames(a: string, b: string): boolean {
  if (a === b) return false;
  const groupsA = groupsOf(a);
  const groupsB = groupsOf(b);
  if (groupsA === undefined || groupsB === undefined) return false;
  return groupsA.some((group) => groupsB.includes(group));
}

/**
 * Names that parents register in their own right (England and Wales birth registrations, any
 * decade), beyond the head of each family above: short forms ("Harry" may be a Henry, or Harry)
 * and spellings (Mohammed, Mohammad). Two of these may be twins' two names; a diminutive nobody
 * registers ("Bill") is only ever someone's nickname.
 */
const REGISTERED_SHORT_FORMS = new Set(
  `HARRY JACK ALFIE ARCHIE CHARLIE FREDDIE FREDDY TEDDY ALBIE OLLIE BILLY TOMMY BOBBY FRANKIE LIAM SAM
  SAMMY MAX LEO ZAC ZACH JAKE BEN TOBY JAMIE DANNY JOE JOEY ALEX KIT RORY NED LEWIS LOUIS SEAN SHAUN
  SHAWN IAN IAIN GRAHAM GRAEME STEVEN JON JONNY FRANK HAL NAT NATE RONNIE STAN RAY TERRY LES LESLIE
  LESLEY GERRY JERRY LARRY LAURIE LENNY VIC DREW XANDER SANDY ALI MO MOLLY POLLY MAISIE ELLIE ELSIE
  EVIE EVE LOTTIE ROSIE ROSE SADIE NELL NELLIE LIBBY KATIE KATE KATY BETH BETTY BESSIE ANNIE ANNA ANN
  HANNAH NANCY SALLY MEGAN MAE MAY PEGGY RITA GRETA LISA ELIZA TINA KIRSTY KIRSTEN SANDRA JO JOSIE
  TESS TESSA TERESA THERESA JACKIE JUDY DEBBIE MANDY GAIL ABBIE ABBY BECKY BELLA ELLA LEXI ALEXA
  CARRIE CAROL JENNY NICOLE NIKKI VICKY VICKI TORI TORY LIV DOLLY FRAN JESS JESSIE VAL VIV KAY CATHY
  KATHY ELEANOR HELENA ISOBEL ISABELLA ISABELLE SUZANNE SUSANNAH JOANNA CHRISTINA LOUISA LOU LILY LUCY
  AMELIA EMILY EMMA HOLLY POPPY DAISY
  MOHAMMED MOHAMMAD MUHAMMAD MOHAMED MUHAMMED KATHERINE CATHERINE KATHRYN CATHRYN STEPHEN PHILIP
  PHILLIP GEOFFREY JEFFREY LAWRENCE LAURENCE TERENCE TERRENCE SIDNEY SYDNEY GILLIAN JILLIAN BEVERLEY
  BEVERLY LILIAN LILLIAN DEBORAH DEBRA CAROLINE CAROLYN EILEEN AILEEN ISABEL JACQUELINE NATHANIEL
  NATALIE NATASHA VIVIENNE VIVIAN FRANCES FRANCIS GABRIELLE GABRIELLA ELEANORE HAROLD HENRY ANNE
  ALEKSANDER ALEKSANDRA ALEXANDRA ALEXANDER DAFYDD DAVID PADRAIG PATRICK`
    .split(/\s+/)
    .filter((name) => name !== ''),
);

/**
 * A first name brothers share, told apart by their second (Muhammad Ali, Muhammad Amir): on its
 * own it does not say which brother, or which twin.
 */
export function isSharedFirstName(name: string): boolean {
  return SHARED_FIRST_NAMES.has(name);
}
const SHARED_FIRST_NAMES: ReadonlySet<string> = new Set(MUHAMMAD);

/** Whether two normalised given names are one name spelt two ways (Mohammed, Muhammad). */
export function areSpellingsOfOneName(a: string, b: string): boolean {
  const group = SPELLING_OF.get(a);
  return group !== undefined && group === SPELLING_OF.get(b);
}

/** Whether a (normalised) given name is one the tables here know: someone's name, if not always a registered one. */
export function isListedName(name: string): boolean {
  return GROUPS_OF.has(name) || REGISTERED_SHORT_FORMS.has(name);
}

/** Whether a (normalised) given name is commonly a registered name: a formal name, or a short form parents choose. */
export function isRegisteredName(name: string): boolean {
  if (REGISTERED_SHORT_FORMS.has(name) || REGISTERED_SHORT_FORMS.has(diminutiveForm(name))) return true;
  // By its own spelling only: a spelling the table lacks (Marie beside Mary) is a name of its own.
  const groups = GROUPS_OF.get(name);
  // A name no nickname family knows is taken as a name in its own right; the head of a family is
  // formal, and so is each spelling of a name.
  return (
    groups === undefined || SPELLING_OF.has(name) || groups.some((group) => FAMILIES[group]?.[0] === name)
  );
}
