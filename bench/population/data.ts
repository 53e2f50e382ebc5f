// Plain data for the synthetic population (bench/population/generator.ts draws from it): names by
// background and birth cohort, nicknames, the places the roster serves, and keyboard neighbours
// for typos. No randomness here; the generator turns these lists into weighted draws.

/** Names from a comma- or newline-separated list, most frequent first. */
function names(text: string): string[] {
  return text
    .split(/[,\n]/)
    .map((name) => name.trim())
    .filter((name) => name !== '');
}

// ---------------------------------------------------------------------------------------------
// Names.

export type SexCode = 'F' | 'M';

export type Background =
  | 'english'
  | 'welsh'
  | 'scottish'
  | 'irish'
  | 'caribbean'
  | 'african'
  | 'indian'
  | 'sikh'
  | 'pakistani'
  | 'bangladeshi'
  | 'eastern-european'
  | 'chinese'
  | 'turkish'
  | 'arabic';

/** Share of households by background (St Helens and Merseyside weighted, diverse by design). */
export const BACKGROUND_WEIGHTS: readonly (readonly [Background, number])[] = [
  ['english', 56],
  ['welsh', 6],
  ['scottish', 5],
  ['irish', 7],
  ['caribbean', 2],
  ['african', 3.5],
  ['indian', 2.5],
  ['sikh', 1.5],
  ['pakistani', 4.5],
  ['bangladeshi', 1.5],
  ['eastern-european', 5],
  ['chinese', 1.5],
  ['turkish', 0.8],
  ['arabic', 1.2],
];

const ENGLISH_SURNAMES = names(`
  Smith, Jones, Williams, Taylor, Brown, Davies, Evans, Wilson, Thomas, Johnson, Roberts, Robinson,
  Thompson, Wright, Walker, White, Edwards, Hughes, Green, Hall, Lewis, Harris, Clarke, Jackson, Wood,
  Turner, Martin, Cooper, Hill, Ward, Morris, Moore, Clark, Lee, King, Baker, Harrison, Morgan, Allen,
  James, Scott, Phillips, Watson, Davis, Parker, Price, Bennett, Young, Griffiths, Mitchell, Kelly,
  Cook, Carter, Richardson, Bailey, Collins, Bell, Shaw, Murphy, Miller, Cox, Richards, Marshall,
  Anderson, Simpson, Ellis, Adams, Wilkinson, Foster, Chapman, Powell, Webb, Rogers, Gray, Mason,
  Hunt, Matthews, Owen, Palmer, Holmes, Mills, Barnes, Knight, Lloyd, Butler, Russell, Barker, Fisher,
  Stevens, Jenkins, Murray, Dixon, Harvey, Graham, Pearson, Fletcher, Walsh, Gibson, Howard, Andrews,
  Stewart, Elliott, Reynolds, Saunders, Payne, Fox, Ford, Pearce, Day, Brooks, West, Lawrence, Cole,
  Atkinson, Bradley, Spencer, Dawson, Ball, Burton, Watts, Rose, Booth, Perry, Grant, Wells,
  Armstrong, Francis, Hayes, Hart, Hudson, Newman, Barrett, Webster, Hunter, Gregory, Carr, Lowe,
  Page, Marsh, Riley, Dunn, Woods, Parsons, Berry, Stone, Reid, Holland, Hawkins, Harding, Porter,
  Rimmer, Ashcroft, Halsall, Gaskell, Houghton, Prescott, Unsworth, Ashton, Greenall, Birchall, Heyes,
  Cunliffe, Seddon, Leyland, Fairclough, Kenyon, Pennington, Topping, Twist, Critchley, Smith-Jones,
  Lloyd-Williams, Fforde, Featherstonehaugh`);

const WELSH_SURNAMES = names(`
  Jones, Williams, Davies, Evans, Thomas, Roberts, Hughes, Lewis, Morgan, Griffiths, Price, Rees, Lloyd,
  Jenkins, Owen, Parry, Pritchard, Powell, Bowen, Vaughan, Pugh, Prosser, Llewellyn, Howells, Jarvis,
  Meredith, Gwynne, Ap Gwilym, ap Rhys`);

const SCOTTISH_SURNAMES = names(`
  Smith, Brown, Wilson, Campbell, Stewart, Thomson, Robertson, Anderson, MacDonald, Scott, Reid,
  Murray, Taylor, Clark, Ross, Watson, Morrison, Paterson, Young, Mitchell, Walker, Fraser, Miller,
  McDonald, McLean, Grant, Henderson, Hamilton, Graham, Johnston, Kerr, MacLeod, McKenzie, Cameron,
  Sinclair, Ferguson, McLaughlin, MacKenzie, Mackay, Munro`);

const IRISH_SURNAMES = names(`
  Murphy, Kelly, O'Brien, Ryan, Byrne, O'Sullivan, Walsh, O'Connor, McCarthy, Doyle, Gallagher,
  O'Neill, Kennedy, Lynch, Quinn, Brennan, Flanagan, McGuinness, Fitzgerald, Reilly, O'Reilly, Doherty,
  Moran, Maguire, Nolan, Kavanagh, Donnelly, O'Donnell, McNamara, Ó Súilleabháin, Mac Giolla Phádraig`);

const CARIBBEAN_SURNAMES = names(`
  Campbell, Brown, Williams, Clarke, Francis, Bailey, Grant, Thompson, Reid, Johnson, Morgan, Henry,
  Lewis, Forbes, Facey, McKenzie, Gordon, Richards, Walker, Powell, Bennett, Samuels, Gayle, Barrett`);

const AFRICAN_SURNAMES = names(`
  Okafor, Mensah, Adeyemi, Osei, Abdi, Mohamed, Okonkwo, Boateng, Adebayo, Asante, Owusu, Kamara,
  Ogunleye, Appiah, Sesay, Hassan, Farah, Mwangi, Moyo, Ndlovu, Eze, Nwosu, Olawale, Conteh, Ochieng,
  Diallo, Bangura, Warsame, Ibrahim, Mensah-Bonsu, Oyelaran, Chikwanha`);

const INDIAN_SURNAMES = names(`
  Patel, Shah, Mistry, Parmar, Sharma, Chauhan, Joshi, Desai, Mehta, Kumar, Gupta, Rana, Bhatt, Lad,
  Solanki, Pandya, Modi, Thakkar, Naik, Rao, Vaghela, Makwana`);

const SIKH_CLAN_NAMES = names(`
  Sandhu, Gill, Sidhu, Dhillon, Grewal, Bains, Johal, Sohal, Atwal, Randhawa, Virdi, Bassi, Kang,
  Dhaliwal, Sahota, Hayer`);

const PAKISTANI_SURNAMES = names(`
  Khan, Ahmed, Hussain, Ali, Akhtar, Iqbal, Mahmood, Shah, Malik, Butt, Rashid, Aslam, Raza, Qureshi,
  Javed, Mirza, Anwar, Bashir, Hanif, Rehman, Yousaf, Sadiq, Saleem, Nawaz`);

const BANGLADESHI_SURNAMES = names(`
  Rahman, Ahmed, Miah, Uddin, Islam, Hussain, Ali, Chowdhury, Choudhury, Khan, Hoque, Alam, Karim,
  Hossain, Sarkar, Ullah`);

const EASTERN_EUROPEAN_SURNAMES = names(`
  Nowak, Kowalski, Wiśniewski, Wójcik, Kowalczyk, Kamiński, Lewandowski, Zieliński, Szymański, Woźniak,
  Dąbrowski, Kozłowski, Mazur, Jankowski, Kwiatkowski, Krawczyk, Piotrowski, Grabowski, Popescu,
  Ionescu, Popa, Kazlauskas, Petrauskas, Horváth, Nagy, Novák, Dvořák, Ivanov, Petrov, Zawadzki`);

const CHINESE_SURNAMES = names(`
  Chen, Wong, Li, Zhang, Wang, Liu, Lin, Huang, Chan, Lam, Yang, Zhao, Wu, Zhou, Cheung, Leung, Ng, Ho,
  Tang, Lee, Yip, Lau, Cheng, Tsang`);

const TURKISH_SURNAMES = names(`
  Yılmaz, Kaya, Demir, Şahin, Çelik, Yıldız, Yıldırım, Öztürk, Aydın, Özdemir, Arslan, Doğan, Kılıç,
  Aslan, Koç, Kurt`);

const ARABIC_SURNAMES = names(`
  Hassan, Al-Hassan, Abdullah, Hussein, Mahmoud, Ibrahim, Saleh, Al-Sayed, Mansour, Haddad, Khalil,
  Nasser, Yousef, Othman, Al-Masri, El-Amin`);

/** British given names by birth cohort and sex, most frequent first. */
export const BRITISH_GIVEN: Record<SexCode, readonly string[][]> = {
  F: [
    names(`Margaret, Mary, Joan, Dorothy, Patricia, Jean, Elizabeth, Barbara, Kathleen, Doreen, Irene,
      Sheila, Eileen, Betty, Joyce, Brenda, Maureen, Audrey, Edna, Marjorie, Vera, Winifred, Phyllis,
      Elsie, Hilda, Gladys, Ivy, Evelyn, Florence, Lilian, Mavis, Valerie, Pamela, Sylvia, Shirley,
      Anne, June, Beryl, Rita, Gwendoline`),
    names(`Susan, Linda, Christine, Margaret, Janet, Patricia, Carol, Elizabeth, Mary, Anne, Jacqueline,
      Karen, Julie, Sandra, Deborah, Gillian, Helen, Alison, Jennifer, Catherine, Pauline, Lorraine,
      Wendy, Tracey, Jane, Angela, Elaine, Lynn, Denise, Diane, Sharon, Beverley, Amanda, Joanne, Nicola,
      Michelle, Andrea, Kathleen, Teresa, Dawn`),
    names(`Sarah, Emma, Claire, Laura, Rebecca, Gemma, Nicola, Kelly, Lisa, Amy, Hannah, Jessica, Lauren,
      Samantha, Victoria, Katie, Stephanie, Rachel, Charlotte, Jennifer, Louise, Kirsty, Michelle,
      Joanne, Amanda, Natalie, Hayley, Danielle, Leanne, Zoe, Sophie, Jade, Stacey, Donna, Katherine,
      Elizabeth, Catherine, Helen, Jodie, Chloe`),
    names(`Olivia, Amelia, Isla, Ava, Emily, Sophia, Grace, Lily, Mia, Isabella, Ella, Freya, Poppy, Evie,
      Charlotte, Jessica, Sophie, Chloe, Ruby, Daisy, Alice, Florence, Millie, Ellie, Phoebe, Matilda,
      Rosie, Harper, Scarlett, Evelyn, Erin, Holly, Lucy, Megan, Hannah, Imogen, Maisie, Willow, Ivy,
      Zoë`),
  ],
  M: [
    names(`John, William, George, James, Thomas, Robert, Kenneth, Peter, Ronald, Frederick, Albert,
      Arthur, Dennis, Harold, Leslie, Frank, Edward, Stanley, Joseph, Donald, Raymond, Walter, Ernest,
      Norman, Charles, Alan, Brian, Derek, Roy, Eric, Michael, David, Henry, Alfred, Jack, Sidney, Gordon,
      Geoffrey, Cyril, Leonard`),
    names(`David, John, Paul, Andrew, Mark, Michael, Stephen, Peter, Ian, Richard, Robert, Anthony,
      Christopher, Gary, Alan, Kevin, Steven, Brian, Philip, Martin, Keith, Graham, Colin, Neil, Simon,
      Nigel, Trevor, Timothy, Kenneth, Roger, Barry, Terence, Geoffrey, William, James, Thomas, Malcolm,
      Derek, Raymond, Lee`),
    names(`Daniel, James, Christopher, Matthew, David, Michael, Thomas, Andrew, Richard, Robert, Mark,
      Paul, Jonathan, Adam, Craig, Lee, Stephen, Ryan, Darren, Jamie, Ashley, Luke, Benjamin, Samuel,
      Scott, Jason, Dean, Carl, Liam, Joshua, Jordan, Nathan, Alexander, Anthony, Steven, Gareth, William,
      Kieran, Shaun, Sean`),
    names(`Oliver, Jack, Harry, George, Noah, Charlie, Jacob, Alfie, Freddie, Oscar, Leo, Archie, Thomas,
      Joshua, William, James, Henry, Theo, Arthur, Max, Ethan, Logan, Isaac, Lucas, Riley, Samuel, Joseph,
      Mason, Daniel, Dylan, Tyler, Finley, Jayden, Harrison, Edward, Liam, Lewis, Reuben, Teddy, Ryan`),
  ],
};

export const BRITISH_MIDDLE: Record<SexCode, string[]> = {
  F: names(
    'Anne, Marie, Louise, Elizabeth, Jane, Mary, Rose, May, Jean, Ann, Grace, Victoria, Margaret, Frances',
  ),
  M: names(
    'James, John, William, Edward, Thomas, David, Michael, Robert, Paul, Anthony, George, Alexander, Peter',
  ),
};

/** A background's own given names (most frequent first) and how often they are used. */
export interface GivenPool {
  F: string[];
  M: string[];
  /** Share of given names drawn from this pool rather than the British one of the cohort. */
  share: number;
  /** Chance of a middle name. */
  middle: number;
}

export const GIVEN: Record<Background, GivenPool | null> = {
  english: null,
  welsh: {
    F: names(
      'Sian, Bethan, Cerys, Ffion, Megan, Carys, Nia, Eleri, Angharad, Rhiannon, Gwen, Catrin, Lowri, Nerys',
    ),
    M: names(
      'Dafydd, Rhys, Gareth, Gethin, Dylan, Ioan, Owain, Huw, Emyr, Gwilym, Aled, Iwan, Dewi, Geraint',
    ),
    share: 0.35,
    middle: 0.5,
  },
  scottish: {
    F: names(
      'Morag, Eilidh, Isla, Mhairi, Kirsty, Fiona, Catriona, Ailsa, Shona, Heather, Elspeth, Isobel, Agnes',
    ),
    M: names(
      'Callum, Hamish, Alistair, Fraser, Euan, Angus, Ewan, Lachlan, Iain, Ross, Alasdair, Duncan, Murdo',
    ),
    share: 0.35,
    middle: 0.5,
  },
  irish: {
    F: names(`Siobhán, Niamh, Aoife, Róisín, Saoirse, Bridget, Mairéad, Orla, Sinéad, Caoimhe, Bernadette,
      Nuala, Maeve, Deirdre`),
    M: names(`Seán, Patrick, Niall, Ciarán, Declan, Eoin, Liam, Conor, Pádraig, Colm, Brendan, Kieran, Eamon,
      Dermot, Cormac`),
    share: 0.4,
    middle: 0.5,
  },
  caribbean: {
    F: names(
      'Hyacinth, Beverley, Marcia, Paulette, Claudette, Sonia, Yvonne, Jasmine, Kezia, Shanice, Monique',
    ),
    M: names('Winston, Delroy, Errol, Leroy, Clive, Marcus, Jermaine, Tyrone, Andre, Devon, Lloyd, Everton'),
    share: 0.35,
    middle: 0.4,
  },
  african: {
    F: names(`Grace, Blessing, Chiamaka, Ngozi, Adaeze, Funmilayo, Ama, Akosua, Abena, Esther, Precious,
      Faith, Comfort, Hodan, Fartun, Amina, Chipo, Rutendo, Yetunde, Adwoa, Abimbola, Mercy, Patience`),
    M: names(`Samuel, Emmanuel, Daniel, David, Joseph, Chukwuemeka, Oluwaseun, Kwame, Kofi, Tunde,
      Kwabena, Yaw, Abdi, Tendai, Tinashe, Ayodele, Chinedu, Femi, Mohamed, Ebenezer, Godfrey, Isaac`),
    share: 0.85,
    middle: 0.5,
  },
  indian: {
    F: names(`Priya, Anjali, Pooja, Neha, Sunita, Kiran, Nisha, Meera, Asha, Hema, Bhavna, Rekha, Usha,
      Jyoti, Kavita, Shreya, Ananya, Divya, Hansa, Manisha, Pushpa, Savita, Lata`),
    M: names(`Rajesh, Sanjay, Vijay, Amit, Ravi, Deepak, Manoj, Rakesh, Nikhil, Arjun, Rohan, Aarav,
      Dinesh, Suresh, Ramesh, Kishore, Pranav, Vikram, Anil, Mahesh, Bharat, Hitesh, Jayesh, Kiran`),
    share: 0.85,
    middle: 0.25,
  },
  sikh: {
    F: names(`Gurpreet, Harpreet, Manjit, Jaspreet, Rupinder, Sukhjit, Amarjit, Kulwant, Paramjit, Baljit,
      Navdeep, Simran, Jasleen, Harleen, Manpreet`),
    M: names(`Gurdeep, Harjit, Jaswinder, Sukhwinder, Kuldip, Balwinder, Harpal, Ranjit, Amarjit, Manjit,
      Gurpreet, Jasbir, Paramjit, Parminder, Harvinder, Jaskaran`),
    share: 0.9,
    middle: 0.15,
  },
  pakistani: {
    F: names(`Fatima, Aisha, Ayesha, Zainab, Maryam, Amina, Nusrat, Shazia, Rubina, Nazia, Samina, Parveen,
      Shabana, Sadia, Hafsa, Khadija, Rukhsana, Hajra, Sultana, Rehana, Yasmin, Halima, Nadia, Sana, Iqra`),
    M: names(`Imran, Tariq, Zubair, Bilal, Hamza, Yusuf, Ibrahim, Adam, Omar, Hassan, Asif, Kamran, Shahid,
      Rizwan, Abdullah, Zain, Usman, Faisal, Nadeem, Shabir, Arif, Sajid, Waqas, Ali, Ahmed, Abdul`),
    share: 0.9,
    middle: 0.3,
  },
  bangladeshi: {
    F: names(`Fatima, Nasima, Tahmina, Rahima, Shirin, Sultana, Rokeya, Hasina, Jahanara, Ayesha, Maryam,
      Sumaya, Farzana, Shamima, Nazma, Rehana, Halima, Amina`),
    M: names(`Abdul, Rahim, Jamal, Kamal, Anwar, Shafiq, Habib, Rashid, Ashraf, Monir, Sohel, Faruk,
      Rubel, Ibrahim, Yusuf, Ayaan, Zakir, Nazrul`),
    share: 0.9,
    middle: 0.3,
  },
  'eastern-european': {
    F: names(`Anna, Katarzyna, Małgorzata, Agnieszka, Magdalena, Joanna, Monika, Ewa, Marta, Aleksandra,
      Natalia, Elena, Ioana, Maria, Justyna, Karolina, Dorota, Beata, Jolanta, Renata, Zuzana`),
    M: names(`Piotr, Krzysztof, Tomasz, Paweł, Marcin, Michał, Łukasz, Jakub, Andrzej, Mateusz, Adam,
      Grzegorz, Wojciech, Marek, Kamil, Andrei, Ion, Mihai, Jonas, Darius, Tamás, Jan`),
    share: 0.85,
    middle: 0.2,
  },
  chinese: {
    F: names('Mei, Li, Xin, Yan, Hui, Ying, Ling, Xiaoling, Jing, Fang, Jenny, Grace, Amy, Helen, Mandy'),
    M: names('Wei, Jun, Hao, Ming, Jian, Kai, Jie, Tao, Yong, Kevin, Michael, David, Peter, Daniel'),
    share: 0.8,
    middle: 0.1,
  },
  turkish: {
    F: names('Ayşe, Fatma, Emine, Hatice, Zeynep, Elif, Meryem, Sevgi, Gül, Özlem, Hülya, Aylin'),
    M: names('Mehmet, Mustafa, Ahmet, Ali, Hüseyin, Hasan, İbrahim, Emre, Murat, Ömer, Yusuf, Osman'),
    share: 0.85,
    middle: 0.15,
  },
  arabic: {
    F: names('Fatima, Mariam, Layla, Noor, Huda, Rania, Yasmin, Salma, Amal, Hana, Dalia, Reem'),
    M: names('Ahmed, Omar, Khalid, Youssef, Hassan, Ali, Karim, Tariq, Samir, Mahmoud, Ziad, Abdullah'),
    share: 0.85,
    middle: 0.3,
  },
};

/** Every pairing of a first part and a second, as one name (`Ash` + `worth` → `Ashworth`). */
function compounds(firsts: string, seconds: string): string[] {
  return names(firsts).flatMap((a) => names(seconds).map((b) => a + b));
}

const ENGLISH_TAIL = compounds(
  `Ash, Brad, Whit, Lang, Hol, Thorn, Black, Kirk, Mar, Hat, Pen, Ben, Brom, Bur, Cal, Cart, Chad, Clay,
  Dar, Fair, Farn, Gold, Hart, Hay, Hig, Ing, Kel, Lind, Lock, Mid, New, Nor, Ox, Pick, Rad, Rams, Red,
  Sand, Shel, Stan, Stock, Sut, Thorp, Wake, Wal, War, Wes, Wig, Win, Wor, Brier, Mel, Hen, Bright,
  Bram, Cliff, Crom, Dun, Elm, Gar, Har, Hux, Mor, Nut, Rook, Saw, Tal, Wood`,
  `ton, ley, worth, field, ford, by, well, wood, ham, bury, stead, more, dale, croft, shaw, brook,
  hurst, wick, thwaite, combe, den, ridge, low, land, wright, son, man, house, gate, cliffe, bank,
  hall, burn, mere, thorpe, ward, ing, er, cott, stone`,
);

const SCOTTISH_TAIL = [
  ...compounds(
    'Mac, Mc',
    `Intyre, Gregor, Kinnon, Farlane, Pherson, Millan, Allister, Crae, Ewan, Gill, Innes, Iver, Kay,
    Kechnie, Lachlan, Nab, Neil, Queen, Rae, Taggart, Vicar, Whirter, Dougall, Bain, Coll, Ilroy,
    Ritchie, Alpine`,
  ),
  ...ENGLISH_TAIL,
];

const IRISH_TAIL = [
  ...names(`McCann, McGuire, McMahon, McDonagh, McKeown, McCormack, McGrath, McHugh, McKenna, McBride,
    McCabe, McNally, McArdle, O'Hara, O'Keeffe, O'Leary, O'Mahony, O'Dwyer, O'Shea, O'Rourke,
    O'Halloran, O'Driscoll, O'Toole, O'Kane, O'Connell, O'Callaghan, O'Dea, O'Gorman, Flynn, Carroll,
    Dunne, Daly, Farrell, Healy, Hogan, Keane, Kearney, Madden, Mulligan, Noonan, Power, Regan,
    Sheehan, Sweeney, Tierney, Whelan, Boyle, Brady, Cassidy, Clancy, Coughlan, Cullen, Curran,
    Delaney, Devlin, Duffy, Egan, Feeney, Finnegan, Hanlon, Hennessy, Keogh, Lennon, Lowry, Malone,
    Mooney, Mulcahy, Nugent, Phelan, Quigley, Rafferty, Scanlon, Tobin`),
  ...ENGLISH_TAIL,
];

const AFRICAN_TAIL = [
  ...compounds(
    'Ade, Olu, Ayo, Oye, Ola, Ogun, Oni, Aki, Abi, Oke',
    'bayo, wale, yemi, tunde, kanmi, dele, sola, kunle, femi, tola, jide, bisi',
  ),
  ...compounds('Nw, Ok, Ez, Ob, Ig, Ony, Uch', 'afor, onkwo, eh, ike, wuka, ekwe, enna, ozie, uegbu, echi'),
  ...names(`Ansah, Addo, Agyeman, Amoah, Antwi, Baah, Darko, Frimpong, Gyamfi, Kusi, Manu, Nkansah, Ofori,
    Opoku, Quaye, Sarpong, Tetteh, Yeboah, Aden, Dahir, Egal, Elmi, Guled, Hersi, Ismail, Jama, Nur,
    Osman, Samatar, Yusuf, Chikore, Dube, Gumbo, Marufu, Mutasa, Ncube, Sibanda, Zulu, Mpofu, Nyathi`),
];

const INDIAN_TAIL = names(`Agarwal, Bhatia, Chopra, Kapoor, Khanna, Malhotra, Nair, Pillai, Reddy, Iyer,
  Menon, Varma, Trivedi, Dave, Pandey, Tiwari, Mishra, Dubey, Yadav, Jain, Kothari, Vyas, Amin, Bhagat,
  Chavda, Dabhi, Gohil, Jadeja, Kotecha, Lakhani, Majithia, Nathwani, Popat, Raval, Ruparelia, Sodha,
  Tanna, Thakrar, Unadkat, Vadher, Vekaria, Hirani, Chudasama, Pankhania, Karia, Ladva, Morjaria`);

const SIKH_TAIL = names(`Aujla, Bhachu, Bhamra, Bhogal, Chahal, Cheema, Deol, Dhami, Dosanjh, Gahir,
  Ghuman, Heer, Jandu, Kalsi, Khaira, Lall, Mann, Matharu, Nagra, Panesar, Purewal, Rai, Sagoo, Sangha,
  Sekhon, Sran, Takhar, Thind, Uppal, Virk`);

const PAKISTANI_TAIL = names(`Abbasi, Akram, Arshad, Awan, Aziz, Baig, Bhatti, Chaudhry, Dar, Farooq,
  Ghani, Habib, Hameed, Ilyas, Jamil, Kayani, Latif, Majeed, Mughal, Naseem, Nazir, Qadir, Rafiq, Riaz,
  Sabir, Safdar, Sarwar, Shafiq, Tahir, Tariq, Waheed, Younis, Zafar, Zaman, Ashraf, Hafeez, Kazmi,
  Minhas, Naqvi, Rana, Sheikh, Siddiqui`);

const BANGLADESHI_TAIL = names(`Ahmad, Akbar, Aziz, Bari, Haque, Hasan, Jalal, Kabir, Mahmud, Majumder,
  Malik, Mia, Mollah, Munshi, Rashid, Sheikh, Siddique, Talukder, Zaman, Mannan, Mridha`);

const EASTERN_EUROPEAN_TAIL = [
  ...compounds(
    `Nowic, Grab, Kalin, Wasil, Jasin, Sadow, Lis, Wrób, Maj, Kub, Pietr, Szczep, Ostr, Sob, Wit, Zaj, Dud,
    Kraw, Mich, Sikor, Bar, Czarn, Wil, Walc, Rut, Gór, Dub, Jar, Kacz, Kos, Krup, Lew, Mak, Marc, Ols,
    Paw, Rog, Sok, Stas, Szew, Tom, Urb, Wierz, Zal`,
    'ski, owski, ewski, czyk, iak, ek',
  ),
  ...names(`Dumitru, Stan, Stoica, Gheorghe, Matei, Constantin, Rusu, Munteanu, Lupu, Vasile, Balan,
    Jankauskas, Stankevičius, Vasiliauskas, Žukauskas, Butkus, Bērziņš, Kalniņš, Ozoliņš, Tamm, Saar,
    Horvat, Kovač, Novotný, Svoboda, Procházka, Kučera, Szabó, Kovács, Tóth`),
];

const CHINESE_TAIL = names(`Xu, Sun, Ma, Zhu, Hu, Guo, He, Luo, Gao, Liang, Zheng, Xie, Song, Tan, Han,
  Feng, Deng, Cao, Peng, Zeng, Xiao, Tian, Dong, Pan, Yuan, Cai, Jiang, Yu, Du, Ye, Wei, Su, Lu, Ding,
  Ren, Shen, Yao, Fung, Kwok, Mak, Poon, Siu, Tse, Yeung, Chow, Fong, Hui, Kwan, Man, Choi, So`);

const TURKISH_TAIL = compounds(
  'Öz, Ak, Kara, Yıl, Er, Gür, Tek, Bal, Şen, Çak, Ay, Gök, Tun, Kor, Bay, Taş, Uz, Sarı',
  'türk, kaya, demir, dağ, han, soy, can, oğlu, men, tepe, taş, kurt, güneş, el, ay',
);

const ARABIC_TAIL = [
  ...compounds(
    'Al-',
    `Amin, Ani, Azzawi, Baghdadi, Bakri, Dulaimi, Fayed, Hakim, Halabi, Hashimi, Jabouri, Khatib,
    Mousawi, Najjar, Obaidi, Qasim, Rawi, Saadi, Shammari, Tamimi, Zubaidi`,
  ),
  ...names(`Abbas, Aziz, Darwish, Farouk, Habib, Hamdan, Jaber, Karam, Mustafa, Nassar, Qasem, Rahim,
    Sabbagh, Shaker, Taha, Zaki, Hamid, Salem, Fares, Bakr`),
];

/** Surnames of one background: head list (most frequent first), its Zipf offset, the head's share, and the tail. */
export interface SurnameTable {
  head: readonly string[];
  offset: number;
  headShare: number;
  tail: readonly string[];
}

/** Surnames by background. */
export const SURNAME_TABLES: Record<Background, SurnameTable> = {
  english: { head: ENGLISH_SURNAMES, offset: 5, headShare: 0.3, tail: ENGLISH_TAIL },
  welsh: { head: WELSH_SURNAMES, offset: 2, headShare: 0.55, tail: ENGLISH_TAIL },
  scottish: { head: SCOTTISH_SURNAMES, offset: 5, headShare: 0.4, tail: SCOTTISH_TAIL },
  irish: { head: IRISH_SURNAMES, offset: 5, headShare: 0.45, tail: IRISH_TAIL },
  caribbean: { head: CARIBBEAN_SURNAMES, offset: 3, headShare: 0.35, tail: ENGLISH_TAIL },
  african: { head: AFRICAN_SURNAMES, offset: 5, headShare: 0.45, tail: AFRICAN_TAIL },
  indian: { head: INDIAN_SURNAMES, offset: 1, headShare: 0.7, tail: INDIAN_TAIL },
  sikh: { head: SIKH_CLAN_NAMES, offset: 3, headShare: 0.55, tail: SIKH_TAIL },
  pakistani: { head: PAKISTANI_SURNAMES, offset: 3, headShare: 0.8, tail: PAKISTANI_TAIL },
  bangladeshi: { head: BANGLADESHI_SURNAMES, offset: 3, headShare: 0.8, tail: BANGLADESHI_TAIL },
  'eastern-european': {
    head: EASTERN_EUROPEAN_SURNAMES,
    offset: 5,
    headShare: 0.3,
    tail: EASTERN_EUROPEAN_TAIL,
  },
  chinese: { head: CHINESE_SURNAMES, offset: 2, headShare: 0.92, tail: CHINESE_TAIL },
  turkish: { head: TURKISH_SURNAMES, offset: 3, headShare: 0.4, tail: TURKISH_TAIL },
  arabic: { head: ARABIC_SURNAMES, offset: 3, headShare: 0.55, tail: ARABIC_TAIL },
};

/** Rarer British given names, the tail of every cohort. */
export const BRITISH_GIVEN_TAIL: Record<SexCode, string[]> = {
  F: names(`Abigail, Agnes, Amber, Ann, Antonia, Bernice, Bethany, Carla, Caroline, Cheryl, Clara, Colette,
    Constance, Daphne, Delia, Diana, Edith, Eleanor, Esme, Esther, Fiona, Georgina, Gloria, Harriet,
    Hazel, Heidi, Ingrid, Iris, Josephine, Julia, Kay, Lesley, Lorna, Lydia, Mabel, Marion, Miriam, Molly,
    Naomi, Norma, Olive, Paula, Pearl, Penelope, Rachael, Rosemary, Ruth, Sally, Stella, Tessa, Thelma,
    Una, Violet`),
  M: names(`Adrian, Alastair, Ambrose, Barnaby, Bernard, Cecil, Clifford, Damian, Dominic, Douglas,
    Edmund, Elliot, Felix, Francis, Gerald, Gilbert, Glen, Gregory, Horace, Howard, Hugh, Jeremy, Julian,
    Laurence, Lionel, Martyn, Maurice, Miles, Neville, Oswald, Percy, Quentin, Ralph, Reginald, Rodney,
    Rupert, Russell, Sebastian, Spencer, Stuart, Toby, Victor, Vincent, Wilfred, Xavier`),
};

/** The "Mohammed" first names and their weights, with the calling name following as a middle name. */
export const PROPHET_NAMES: readonly (readonly [string, number])[] = [
  ['Mohammed', 50],
  ['Muhammad', 30],
  ['Mohammad', 15],
  ['Mohamed', 5],
];

/**
 * Nicknames and diminutives a hospital might record for a registered given name (keys folded to
 * plain lower case). Only the generator's use: the matcher has its own table, if any.
 */
export const NICKNAMES: Readonly<Record<string, readonly string[]>> = {
  william: ['Bill', 'Billy', 'Will', 'Willie'],
  robert: ['Bob', 'Bobby', 'Rob', 'Robbie'],
  margaret: ['Peggy', 'Maggie', 'Meg', 'Madge', 'Rita'],
  elizabeth: ['Liz', 'Lizzie', 'Beth', 'Betty', 'Bessie'],
  richard: ['Dick', 'Rick', 'Rich'],
  james: ['Jim', 'Jimmy', 'Jamie'],
  edward: ['Ted', 'Teddy', 'Ed', 'Eddie', 'Ned'],
  catherine: ['Kate', 'Cathy', 'Kay'],
  katherine: ['Kate', 'Kathy', 'Katie'],
  kathleen: ['Kath', 'Kathy', 'Kay'],
  patricia: ['Pat', 'Patsy', 'Trish'],
  thomas: ['Tom', 'Tommy'],
  michael: ['Mike', 'Mick', 'Mickey'],
  anthony: ['Tony'],
  christopher: ['Chris', 'Kit'],
  joseph: ['Joe', 'Joey'],
  daniel: ['Dan', 'Danny'],
  samuel: ['Sam', 'Sammy'],
  alexander: ['Alex', 'Sandy', 'Alec'],
  susan: ['Sue', 'Susie'],
  jennifer: ['Jenny', 'Jen'],
  deborah: ['Debbie', 'Deb'],
  rebecca: ['Becky', 'Becca'],
  dorothy: ['Dot', 'Dolly', 'Dottie'],
  frederick: ['Fred', 'Freddie'],
  albert: ['Bert', 'Albie'],
  henry: ['Harry', 'Hal'],
  john: ['Jack', 'Johnny'],
  mary: ['Molly', 'Polly', 'May'],
  victoria: ['Vicky', 'Tori'],
  stephen: ['Steve'],
  steven: ['Steve'],
  andrew: ['Andy', 'Drew'],
  peter: ['Pete'],
  matthew: ['Matt'],
  benjamin: ['Ben'],
  jonathan: ['Jon', 'Jonny'],
  kenneth: ['Ken', 'Kenny'],
  ronald: ['Ron', 'Ronnie'],
  donald: ['Don'],
  terence: ['Terry'],
  charles: ['Charlie', 'Chas'],
  david: ['Dave', 'Davey'],
  timothy: ['Tim'],
  philip: ['Phil'],
  raymond: ['Ray'],
  leslie: ['Les'],
  harold: ['Harry'],
  walter: ['Wally'],
  barbara: ['Babs', 'Barb'],
  jacqueline: ['Jackie'],
  gillian: ['Jill', 'Gill'],
  pamela: ['Pam'],
  beverley: ['Bev'],
  christine: ['Chris', 'Chrissie'],
  valerie: ['Val'],
  sandra: ['Sandy'],
  joanne: ['Jo'],
  nicola: ['Nicky'],
  samantha: ['Sam'],
  amanda: ['Mandy'],
  stephanie: ['Steph'],
  jessica: ['Jess'],
  winifred: ['Winnie'],
  florence: ['Flo', 'Florrie'],
  lilian: ['Lily'],
  isabella: ['Bella', 'Izzy'],
  charlotte: ['Lottie'],
  oliver: ['Ollie'],
  alfred: ['Alf', 'Alfie'],
  sidney: ['Sid'],
  geoffrey: ['Geoff'],
  leonard: ['Len', 'Lenny'],
  stanley: ['Stan'],
  norman: ['Norm'],
  ernest: ['Ernie'],
  gwendoline: ['Gwen'],
  dafydd: ['Dai'],
  patrick: ['Paddy', 'Pat'],
  padraig: ['Paddy'],
  bridget: ['Bridie', 'Biddy'],
  malgorzata: ['Gosia', 'Małgosia'],
  katarzyna: ['Kasia'],
  aleksandra: ['Ola'],
  agnieszka: ['Aga'],
  magdalena: ['Magda'],
  wojciech: ['Wojtek'],
  chukwuemeka: ['Emeka'],
  oluwaseun: ['Seun'],
  funmilayo: ['Funmi'],
  abimbola: ['Bola'],
  mohammed: ['Mo'],
  muhammad: ['Mo'],
};

/**
 * Pairs of first names that are forms of each other (by NICKNAMES) and are both registered
 * names in their own right, for twins named that way: by sex, for twins born before 1960 and
 * for twins born since 2000.
 */
export type TwinNames = Record<
  SexCode,
  { elder: readonly (readonly [string, string])[]; young: readonly (readonly [string, string])[] }
>;

export const NICKNAME_TWIN_NAMES: TwinNames = {
  F: {
    elder: [
      ['Mary', 'Molly'],
      ['Mary', 'May'],
      ['Elizabeth', 'Betty'],
      ['Lilian', 'Lily'],
    ],
    young: [
      ['Mary', 'Molly'],
      ['Lilian', 'Lily'],
      ['Katherine', 'Katie'],
      ['Elizabeth', 'Betty'],
      ['Isabella', 'Bella'],
    ],
  },
  M: {
    elder: [
      ['Henry', 'Harry'],
      ['John', 'Jack'],
      ['Harold', 'Harry'],
    ],
    young: [
      ['Henry', 'Harry'],
      ['John', 'Jack'],
      ['Charles', 'Charlie'],
      ['Alfred', 'Alfie'],
      ['Frederick', 'Freddie'],
      ['Edward', 'Teddy'],
      ['James', 'Jamie'],
    ],
  },
};

/**
 * Pairs of different first names spelt almost alike (one letter changed, added or dropped), both
 * registered names in their own right and neither a form of the other (not by NICKNAMES, nor by
 * the matcher's nickname table), for twins named that way (Julie and Julia): by sex, for twins
 * born before 1960 and for twins born since 2000. No spelling of one name (Carl, Karl; Louise,
 * Louisa): parents do not name twins that way.
 */
export const ALIKE_TWIN_NAMES: TwinNames = {
  F: {
    elder: [
      ['Joan', 'Jean'],
      ['Doreen', 'Noreen'],
      ['Dolly', 'Molly'],
      ['Betty', 'Hetty'],
      ['Mavis', 'Avis'],
      ['Marie', 'Maria'],
      ['Julie', 'Julia'],
    ],
    young: [
      ['Ella', 'Bella'],
      ['Emma', 'Gemma'],
      ['Holly', 'Polly'],
      ['Rosie', 'Josie'],
      ['Lara', 'Laura'],
      ['Ellie', 'Elsie'],
    ],
  },
  M: {
    elder: [
      ['Ronald', 'Donald'],
      ['Terry', 'Gerry'],
      ['Harry', 'Barry'],
      ['Martin', 'Marvin'],
      ['Ian', 'Ivan'],
      ['Melvin', 'Kelvin'],
    ],
    young: [
      ['Jack', 'Zack'],
      ['Alfie', 'Albie'],
      ['Dean', 'Sean'],
      ['Mason', 'Jason'],
      ['Harvey', 'Harley'],
      ['Jayden', 'Hayden'],
      ['Ryan', 'Bryan'],
    ],
  },
};

/**
 * Pairs of different first names with the same initial, neither a form of the other nor spelt
 * alike (James and John, Amy and Anna), for twins named that way: by sex, for twins born before
 * 1960 and for twins born since 2000. Twins drawn at random sometimes share an initial too.
 */
export const SAME_INITIAL_TWIN_NAMES: TwinNames = {
  F: {
    elder: [
      ['Joan', 'Joyce'],
      ['Doris', 'Dorothy'],
      ['Edna', 'Edith'],
      ['Margaret', 'Mavis'],
      ['Vera', 'Violet'],
      ['Irene', 'Ivy'],
    ],
    young: [
      ['Amy', 'Anna'],
      ['Sophie', 'Sarah'],
      ['Lucy', 'Lily'],
      ['Emily', 'Ella'],
      ['Chloe', 'Charlotte'],
      ['Hannah', 'Holly'],
    ],
  },
  M: {
    elder: [
      ['Albert', 'Arthur'],
      ['George', 'Gordon'],
      ['Walter', 'William'],
      ['Ernest', 'Eric'],
      ['Donald', 'Dennis'],
      ['Harold', 'Herbert'],
    ],
    young: [
      ['James', 'John'],
      ['Oliver', 'Oscar'],
      ['Jacob', 'Joshua'],
      ['Thomas', 'Theo'],
      ['Noah', 'Nathan'],
      ['Samuel', 'Sebastian'],
    ],
  },
};

// ---------------------------------------------------------------------------------------------
// Places.

/** St Helens and its neighbours: the local authority the roster serves, by WA district, weighted. */
export const LOCAL_DISTRICTS: readonly (readonly [readonly [string, string], number])[] = [
  [['WA9', 'St Helens'], 18],
  [['WA10', 'St Helens'], 18],
  [['WA11', 'St Helens'], 14],
  [['WA12', 'Newton-le-Willows'], 6],
  [['WA5', 'Warrington'], 6],
  [['WA8', 'Widnes'], 5],
  [['WA1', 'Warrington'], 3],
  [['WA2', 'Warrington'], 4],
  [['WA3', 'Warrington'], 4],
  [['WA4', 'Warrington'], 3],
  [['WA7', 'Runcorn'], 3],
  [['L35', 'Prescot'], 5],
  [['L34', 'Prescot'], 4],
  [['WN4', 'Wigan'], 4],
  [['WN5', 'Wigan'], 3],
];

/** Elsewhere: the hospital also treats visitors and people from neighbouring areas. */
export const OTHER_AREAS: readonly (readonly [string, number, string])[] = [
  ['L', 40, 'Liverpool'],
  ['M', 40, 'Manchester'],
  ['WN', 8, 'Wigan'],
  ['PR', 9, 'Preston'],
  ['CH', 66, 'Birkenhead'],
  ['LL', 78, 'Llandudno'],
  ['B', 99, 'Birmingham'],
  ['LS', 29, 'Leeds'],
  ['G', 84, 'Glasgow'],
  ['E', 18, 'London'],
  ['BT', 94, 'Belfast'],
];

export const STREETS = names(`
  High Street, Church Road, Station Road, Victoria Road, Park Avenue, Mill Lane, Kings Road,
  St Mary's Close, Prince's Street, Queen Street, Albert Terrace, Moor Lane, Chapel Street,
  The Crescent, Acacia Avenue, Belmont Drive, Wellington Road, Duke Street, Borough Road,
  Prescot Road, Boundary Road, Liverpool Road, Warrington Road, Ormskirk Street, Westfield Street,
  Knowsley Road, Rainford Road, Sherdley Road, Thatto Heath Road, Elton Head Road, Marshalls Cross Road,
  Crank Road, Chain Lane, Rivington Road, Windle Pilkington Close, Haydock Lane, Ashton Road`);

export const CARE_HOMES = names(`
  Oakwood Care Home, Beechcroft Nursing Home, Ashtree House, The Willows Residential Home,
  Cherry Tree Court, Rainford Hall Care Home, Millbrook Lodge, St Anne's Nursing Home, Elm House,
  Hollybank Care Centre, Parkside Lodge, Brookfield Court, Laurel Bank, Heathfield House,
  Thornleigh Care Home, Greenbank Nursing Home, Rosewood Manor, Sutton Grange, Cedar Court,
  Bold Heath House`);

export const INWARD_LETTERS = 'ABDEFGHJLNPQRSTUWXYZ';

/** Letters other than the ASCII ones that NFD does not decompose, and their plain forms. */
export const ASCII_SPECIALS: Readonly<Record<string, string>> = {
  Ł: 'L',
  ł: 'l',
  ı: 'i',
  İ: 'I',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
};

/** QWERTY neighbours, for substitution typos. */
export const KEY_NEIGHBOURS: Readonly<Record<string, string>> = {
  q: 'wa',
  w: 'qes',
  e: 'wrd',
  r: 'etf',
  t: 'ryg',
  y: 'tuh',
  u: 'yij',
  i: 'uok',
  o: 'ipl',
  p: 'ol',
  a: 'qsz',
  s: 'adwx',
  d: 'sfec',
  f: 'dgrv',
  g: 'fhtb',
  h: 'gjyn',
  j: 'hkum',
  k: 'jli',
  l: 'kop',
  z: 'asx',
  x: 'zsdc',
  c: 'xdfv',
  v: 'cfgb',
  b: 'vghn',
  n: 'bhjm',
  m: 'njk',
};
